// Overloaded{lambdas...}: one visitor for std::visit out of several lambdas.
#ifndef KEYTRAIL_BASE_OVERLOADED_H_
#define KEYTRAIL_BASE_OVERLOADED_H_

namespace keytrail {

template <typename... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <typename... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_OVERLOADED_H_
