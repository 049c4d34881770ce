#include "domain/types.h"

namespace keytrail {

std::string_view ToString(SecretVisibility value) {
  switch (value) {
    case SecretVisibility::kOnce:
      return "once";
    case SecretVisibility::kRevealable:
      return "revealable";
  }
  return "once";
}

std::string_view ToString(GroupType value) {
  switch (value) {
    case GroupType::kApi:
      return "api";
    case GroupType::kUser:
      return "user";
  }
  return "api";
}

std::string_view ToString(TokenKind value) {
  switch (value) {
    case TokenKind::kGroup:
      return "group";
    case TokenKind::kPersonal:
      return "personal";
  }
  return "group";
}

std::string_view ToString(TokenStatus value) {
  switch (value) {
    case TokenStatus::kActive:
      return "active";
    case TokenStatus::kDisabled:
      return "disabled";
    case TokenStatus::kRevoked:
      return "revoked";
  }
  return "active";
}

std::optional<SecretVisibility> ParseSecretVisibility(std::string_view text) {
  if (text == "once") return SecretVisibility::kOnce;
  if (text == "revealable") return SecretVisibility::kRevealable;
  return std::nullopt;
}

std::optional<GroupType> ParseGroupType(std::string_view text) {
  if (text == "api") return GroupType::kApi;
  if (text == "user") return GroupType::kUser;
  return std::nullopt;
}

std::optional<TokenKind> ParseTokenKind(std::string_view text) {
  if (text == "group") return TokenKind::kGroup;
  if (text == "personal") return TokenKind::kPersonal;
  return std::nullopt;
}

std::optional<TokenStatus> ParseTokenStatus(std::string_view text) {
  if (text == "active") return TokenStatus::kActive;
  if (text == "disabled") return TokenStatus::kDisabled;
  if (text == "revoked") return TokenStatus::kRevoked;
  return std::nullopt;
}

const std::string& ActorId(const Actor& actor) {
  return actor.user_id.empty() ? actor.token_id : actor.user_id;
}

const std::string& ActorIdText(const SharedActorId& id) {
  static const std::string kNone;
  return id != nullptr ? *id : kNone;
}

}  // namespace keytrail
