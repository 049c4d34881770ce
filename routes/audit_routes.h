// The audit routes (docs/api.md §5), all behind `audit:read`:
//
//   GET /v1/audit                       audit.list
//       ?account=&after_seq=&limit=&type=&stream=
//   GET /v1/audit/head[?tree_size=N]    audit.head
//   GET /v1/audit/public-key            audit.public_key
//   GET /v1/audit/proof/inclusion       audit.proof.inclusion
//       ?seq=&tree_size=
//   GET /v1/audit/proof/consistency     audit.proof.consistency
//       ?first=&second=
//   GET /v1/audit/stream?after_seq=     audit.stream (Server-Sent Events)
//
// Scope: the operator sees every account (or the one `account=` names);
// anyone else sees their token's account, and `account=` naming another
// answers 404. An inclusion proof of another account's event is 404 too.
// tree_size and second default to the latest signed head.
#ifndef KEYTRAIL_ROUTES_AUDIT_ROUTES_H_
#define KEYTRAIL_ROUTES_AUDIT_ROUTES_H_

#include <string>

#include "base/result.h"
#include "routes/api_context.h"
#include "audit/audit_feed.h"
#include "audit/head_publisher.h"
#include "audit/tree_head.h"
#include "http/router.h"

namespace keytrail::http::audit {

// What the audit routes share; every member outlives the routes.
struct AuditContext {
  ApiContext* api = nullptr;
  HeadPublisher* publisher = nullptr;
  HeadLog* heads = nullptr;
  AuditFeed* feed = nullptr;
  std::string public_key;  // raw Ed25519
};

[[nodiscard]] Status AddAuditRoutes(Router& router, AuditContext& context);

}  // namespace keytrail::http::audit

#endif  // KEYTRAIL_ROUTES_AUDIT_ROUTES_H_
