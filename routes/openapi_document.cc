// The OpenAPI 3.1 document (openapi.h), written by hand.
//
// It is kept as several raw string literals joined once at first use: ISO
// C++ only promises literals of 64 KiB, and the pieces follow the document's
// sections. The pieces are consecutive slices of one JSON text, so a piece
// may end inside an object; the test parses the whole.
//
// Conventions of this document:
//   - operationId = the Route's name; path key = the Route's pattern;
//   - a 4xx answer refers to a problem response of components/responses and
//     says, in its description, which problem `code`s the operation answers
//     and when (e.g. "TOKEN_LIMIT: ...; CONFLICT: ...");
//   - management routes inherit the default security (bearer or x-api-key);
//     public ones say "security": [];
//   - request schemas set additionalProperties false: bodies are strict
//     (json_body.h), an unknown field is 400 INVALID.
#include <array>
#include <string>

#include "routes/openapi.h"

namespace keytrail::http {

namespace {
// The document's header: version, info, default security, tags.
constexpr std::string_view kHead = R"json({
  "openapi": "3.1.0",
  "info": {
    "title": "keytrail",
    "version": "1",
    "summary": "API tokens as an immutable, tamper-evident event log.",
    "description": "The keytrail HTTP API, v1. Management of accounts, groups, users, tokens and third-party grants; verification of tokens (the hot path); timelines. Times are RFC 3339 UTC with microseconds. Errors are RFC 9457 application/problem+json with a stable `code`. docs/api.md is the guide to this document."
  },
  "servers": [{"url": "/"}],
  "security": [{"bearer": []}, {"apiKey": []}],
  "tags": [
    {"name": "accounts", "description": "Accounts, plans and settings. The operator creates accounts and changes plans."},
    {"name": "groups", "description": "Groups of permissions: type api (bound to group tokens) or user (held by users)."},
    {"name": "users", "description": "Users of an account and their personal tokens (sessions)."},
    {"name": "tokens", "description": "Group and personal tokens: create, change, disable, regenerate, reveal, revoke."},
    {"name": "grants", "description": "Third-party grants: a token of another account acting in this one."},
    {"name": "verification", "description": "Verification of tokens, for applications and reverse proxies."},
    {"name": "timelines", "description": "A token's events and usage, an account's activity."},
    {"name": "audit", "description": "The tamper-evident log: events with leaf hashes, signed tree heads, RFC 6962 proofs."},
    {"name": "service", "description": "Liveness, readiness, metrics, backups and this document."},
    {"name": "console", "description": "The admin console at /console/ and its sign-in sessions (docs/console.md)."}
  ],
)json";

// Paths: the service's own routes, accounts, plans, settings, activity.
constexpr std::string_view kServiceAndAccountPaths = R"json(  "paths": {
    "/healthz": {
      "get": {
        "operationId": "healthz",
        "tags": ["service"],
        "summary": "Liveness: 200 while the process serves HTTP.",
        "security": [],
        "responses": {
          "200": {
            "description": "Alive.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}
          }
        }
      }
    },
    "/metrics": {
      "get": {
        "operationId": "metrics",
        "tags": ["service"],
        "summary": "Prometheus metrics, text exposition format 0.0.4 (docs/metrics.md).",
        "security": [],
        "responses": {
          "200": {
            "description": "The scrape.",
            "content": {"text/plain": {"schema": {"type": "string"}}}
          }
        }
      }
    },
    "/readyz": {
      "get": {
        "operationId": "readyz",
        "tags": ["service"],
        "summary": "Readiness: 200 once the projections have applied every event of the log, else 503.",
        "security": [],
        "responses": {
          "200": {
            "description": "Ready to serve reads that reflect the whole log.",
            "content": {"application/json": {"schema": {"type": "object", "required": ["status"], "properties": {"status": {"const": "ready"}}}}}
          },
          "503": {"$ref": "#/components/responses/Unavailable", "description": "UNAVAILABLE: the projections are catching up with the log."}
        }
      }
    },
    "/v1/openapi.json": {
      "get": {
        "operationId": "openapi",
        "tags": ["service"],
        "summary": "This OpenAPI 3.1 document.",
        "security": [],
        "responses": {
          "200": {
            "description": "The OpenAPI document of every route the server serves.",
            "content": {"application/json": {"schema": {"type": "object"}}}
          }
        }
      }
    },
    "/v1/admin/backup": {
      "post": {
        "operationId": "admin.backup",
        "tags": ["service"],
        "summary": "Write an online backup of the event store into a new directory on the server's machine (operator only).",
        "description": "The copy is consistent and opens as a store. The master key and the audit signing key are not part of it; see docs/deploy.md.",
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"type": "object", "required": ["dir"], "additionalProperties": false, "properties": {"dir": {"type": "string", "description": "An absolute path that does not exist yet."}}}}}
        },
        "responses": {
          "201": {
            "description": "Written.",
            "content": {"application/json": {"schema": {"type": "object", "required": ["dir", "head_seq"], "properties": {"dir": {"type": "string"}, "head_seq": {"type": "integer", "description": "The log head when the backup started; the copy holds at least these events."}}}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: dir is missing or not absolute."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller is not the operator."},
          "409": {"$ref": "#/components/responses/Conflict", "description": "CONFLICT: dir exists already."},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
        }
      }
    },
    "/v1/accounts": {
      "post": {
        "operationId": "accounts.create",
        "tags": ["accounts"],
        "summary": "Create an account (operator only).",
        "description": "New accounts get the plan {\"name\": \"default\", \"api_access\": true, \"max_active_tokens\": null} and the settings {\"default_token_ttl_days\": null, \"secret_visibility\": \"once\"}; change them with PUT /plan and PATCH /settings.",
        "parameters": [{"$ref": "#/components/parameters/IdempotencyKey"}],
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AccountCreate"}}}
        },
        "responses": {
          "201": {"$ref": "#/components/responses/AccountCreated"},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad id (it must match [a-z0-9][a-z0-9-]{0,62}; `_system` is reserved) or name, an unknown field."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller is not the operator."},
          "409": {"$ref": "#/components/responses/Conflict", "description": "CONFLICT: the account exists already, or the Idempotency-Key was used with another request."},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
        }
      },
      "get": {
        "operationId": "accounts.list",
        "tags": ["accounts"],
        "summary": "List the accounts (operator only), oldest first; `_system` is not listed.",
        "parameters": [
          {"$ref": "#/components/parameters/Limit"},
          {"$ref": "#/components/parameters/Cursor"},
          {"$ref": "#/components/parameters/AsOf"}
        ],
        "responses": {
          "200": {
            "description": "A page of accounts.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AccountPage"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad limit, cursor or as_of."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller is not the operator."}
        }
      }
    },
    "/v1/accounts/{account}": {
      "parameters": [{"$ref": "#/components/parameters/Account"}],
      "get": {
        "operationId": "accounts.get",
        "tags": ["accounts"],
        "summary": "Get the account with its plan and settings.",
        "description": "Any valid token of the account (or with a grant in it, or the operator) may read it; no permission is needed.",
        "parameters": [
          {"$ref": "#/components/parameters/AsOf"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "responses": {
          "200": {"$ref": "#/components/responses/Account"},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad as_of or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: Acting-User without users:act_as."},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/v1/accounts/{account}/plan": {
      "parameters": [{"$ref": "#/components/parameters/Account"}],
      "put": {
        "operationId": "accounts.plan.put",
        "tags": ["accounts"],
        "summary": "Replace the account's plan (operator only).",
        "description": "Without api_access every active token of the account shows as disabled with reason `plan` and verifies as PLAN_DISABLED; a plan that regains it brings back exactly those tokens. The plan of `_system` cannot change.",
        "parameters": [{"$ref": "#/components/parameters/IfMatch"}],
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Plan"}}}
        },
        "responses": {
          "200": {"$ref": "#/components/responses/Account"},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a missing or bad field, a malformed If-Match."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller is not the operator."},
          "404": {"$ref": "#/components/responses/NotFound"},
          "412": {"$ref": "#/components/responses/VersionMismatch"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
        }
      }
    },
    "/v1/accounts/{account}/settings": {
      "parameters": [{"$ref": "#/components/parameters/Account"}],
      "patch": {
        "operationId": "accounts.settings.patch",
        "tags": ["accounts"],
        "summary": "Change the account's settings (settings:edit). Absent fields keep their value.",
        "parameters": [
          {"$ref": "#/components/parameters/IfMatch"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SettingsPatch"}}}
        },
        "responses": {
          "200": {"$ref": "#/components/responses/Account"},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: default_token_ttl_days outside 1..3650, an unknown secret_visibility, a malformed If-Match or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks settings:edit (or users:act_as for Acting-User)."},
          "404": {"$ref": "#/components/responses/NotFound"},
          "412": {"$ref": "#/components/responses/VersionMismatch"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
        }
      }
    },
    "/v1/accounts/{account}/activity": {
      "parameters": [{"$ref": "#/components/parameters/Account"}],
      "get": {
        "operationId": "accounts.activity",
        "tags": ["timelines"],
        "summary": "The account's tokens used in a window, most recently used first, with the client IPs seen (tokens:view).",
        "description": "The window defaults to the last 24 hours. as_of does not apply.",
        "parameters": [
          {"$ref": "#/components/parameters/Since"},
          {"$ref": "#/components/parameters/Until"},
          {"$ref": "#/components/parameters/Limit"},
          {"$ref": "#/components/parameters/Cursor"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "responses": {
          "200": {
            "description": "A page of token activity.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ActivityPage"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad since, until, limit, cursor or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks tokens:view."},
          "404": {"$ref": "#/components/responses/NotFound"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
)json";

// Paths: groups.
constexpr std::string_view kGroupPaths =
    R"json(    "/v1/accounts/{account}/groups": {
      "parameters": [{"$ref": "#/components/parameters/Account"}],
      "post": {
        "operationId": "groups.create",
        "tags": ["groups"],
        "summary": "Create a group (groups:edit).",
        "parameters": [
          {"$ref": "#/components/parameters/IdempotencyKey"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/GroupCreate"}}}
        },
        "responses": {
          "201": {"$ref": "#/components/responses/Group"},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad name, type or permission, an unknown field, a bad Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks groups:edit."},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict", "description": "CONFLICT: the Idempotency-Key was used with another request."},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
        }
      },
      "get": {
        "operationId": "groups.list",
        "tags": ["groups"],
        "summary": "List the account's groups (tokens:view); deleted groups are not listed.",
        "parameters": [
          {"$ref": "#/components/parameters/Limit"},
          {"$ref": "#/components/parameters/Cursor"},
          {"$ref": "#/components/parameters/AsOf"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "responses": {
          "200": {
            "description": "A page of groups.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/GroupPage"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad limit, cursor, as_of or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks tokens:view."},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/v1/accounts/{account}/groups/{id}": {
      "parameters": [
        {"$ref": "#/components/parameters/Account"},
        {"$ref": "#/components/parameters/GroupId"}
      ],
      "get": {
        "operationId": "groups.get",
        "tags": ["groups"],
        "summary": "Get a group (tokens:view).",
        "parameters": [
          {"$ref": "#/components/parameters/AsOf"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "responses": {
          "200": {"$ref": "#/components/responses/Group"},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad as_of or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks tokens:view."},
          "404": {"$ref": "#/components/responses/NotFound", "description": "NOT_FOUND: no such account or group, or the group is deleted."}
        }
      },
      "patch": {
        "operationId": "groups.patch",
        "tags": ["groups"],
        "summary": "Rename a group or replace its permissions (groups:edit); its tokens and users follow at once.",
        "parameters": [
          {"$ref": "#/components/parameters/IfMatch"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/GroupPatch"}}}
        },
        "responses": {
          "200": {"$ref": "#/components/responses/Group"},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad name or permission, an unknown field, a malformed If-Match or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks groups:edit."},
          "404": {"$ref": "#/components/responses/NotFound"},
          "412": {"$ref": "#/components/responses/VersionMismatch"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
        }
      },
      "delete": {
        "operationId": "groups.delete",
        "tags": ["groups"],
        "summary": "Delete a group that nothing is bound to (groups:edit).",
        "parameters": [
          {"$ref": "#/components/parameters/IfMatch"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "responses": {
          "204": {"description": "Deleted; the group stays in the log's history."},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a malformed If-Match or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks groups:edit."},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict", "description": "GROUP_IN_USE: a token that is not revoked, a user or a grant is bound to the group."},
          "412": {"$ref": "#/components/responses/VersionMismatch"}
        }
      }
    },
)json";

// Paths: users, their sessions and personal tokens.
constexpr std::string_view kUserPaths =
    R"json(    "/v1/accounts/{account}/users": {
      "parameters": [{"$ref": "#/components/parameters/Account"}],
      "post": {
        "operationId": "users.create",
        "tags": ["users"],
        "summary": "Create a user (users:edit).",
        "parameters": [
          {"$ref": "#/components/parameters/IdempotencyKey"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UserCreate"}}}
        },
        "responses": {
          "201": {"$ref": "#/components/responses/User"},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad e-mail, name or license, a group that is unknown or not of type user, an unknown field, a bad Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks users:edit."},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict", "description": "CONFLICT: another user of the account has this e-mail (case-insensitive), or the Idempotency-Key was used with another request."},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
        }
      },
      "get": {
        "operationId": "users.list",
        "tags": ["users"],
        "summary": "List the account's users (tokens:view).",
        "parameters": [
          {"$ref": "#/components/parameters/Limit"},
          {"$ref": "#/components/parameters/Cursor"},
          {"$ref": "#/components/parameters/AsOf"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "responses": {
          "200": {
            "description": "A page of users.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UserPage"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad limit, cursor, as_of or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks tokens:view."},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/v1/accounts/{account}/users/{id}": {
      "parameters": [
        {"$ref": "#/components/parameters/Account"},
        {"$ref": "#/components/parameters/UserId"}
      ],
      "get": {
        "operationId": "users.get",
        "tags": ["users"],
        "summary": "Get a user (tokens:view).",
        "parameters": [
          {"$ref": "#/components/parameters/AsOf"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "responses": {
          "200": {"$ref": "#/components/responses/User"},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad as_of or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks tokens:view."},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      },
      "patch": {
        "operationId": "users.patch",
        "tags": ["users"],
        "summary": "Change a user's name, groups or licenses (users:edit); their personal tokens follow the new groups at once.",
        "parameters": [
          {"$ref": "#/components/parameters/IfMatch"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UserPatch"}}}
        },
        "responses": {
          "200": {"$ref": "#/components/responses/User"},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad field, a group that is unknown or not of type user, a malformed If-Match or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks users:edit."},
          "404": {"$ref": "#/components/responses/NotFound"},
          "412": {"$ref": "#/components/responses/VersionMismatch"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
        }
      }
    },
    "/v1/accounts/{account}/users/{id}:deactivate": {
      "parameters": [
        {"$ref": "#/components/parameters/Account"},
        {"$ref": "#/components/parameters/UserId"}
      ],
      "post": {
        "operationId": "users.deactivate",
        "tags": ["users"],
        "summary": "Deactivate a user (users:edit): their personal tokens fail verification with USER_INACTIVE until activated.",
        "parameters": [
          {"$ref": "#/components/parameters/IfMatch"},
          {"$ref": "#/components/parameters/IdempotencyKey"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "responses": {
          "200": {"$ref": "#/components/responses/User"},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a malformed If-Match or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks users:edit."},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict", "description": "CONFLICT: the Idempotency-Key was used with another request."},
          "412": {"$ref": "#/components/responses/VersionMismatch"}
        }
      }
    },
    "/v1/accounts/{account}/users/{id}:activate": {
      "parameters": [
        {"$ref": "#/components/parameters/Account"},
        {"$ref": "#/components/parameters/UserId"}
      ],
      "post": {
        "operationId": "users.activate",
        "tags": ["users"],
        "summary": "Activate a user again (users:edit); their personal tokens work again.",
        "parameters": [
          {"$ref": "#/components/parameters/IfMatch"},
          {"$ref": "#/components/parameters/IdempotencyKey"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "responses": {
          "200": {"$ref": "#/components/responses/User"},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a malformed If-Match or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks users:edit."},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict", "description": "CONFLICT: the Idempotency-Key was used with another request."},
          "412": {"$ref": "#/components/responses/VersionMismatch"}
        }
      }
    },
    "/v1/accounts/{account}/users/{id}/sessions": {
      "parameters": [
        {"$ref": "#/components/parameters/Account"},
        {"$ref": "#/components/parameters/UserId"}
      ],
      "get": {
        "operationId": "users.sessions",
        "tags": ["users"],
        "summary": "The user's personal tokens with their last use (tokens:view).",
        "parameters": [
          {"$ref": "#/components/parameters/Status"},
          {"$ref": "#/components/parameters/Limit"},
          {"$ref": "#/components/parameters/Cursor"},
          {"$ref": "#/components/parameters/AsOf"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "responses": {
          "200": {
            "description": "A page of the user's personal tokens.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TokenPage"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad status, limit, cursor, as_of or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks tokens:view."},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/v1/accounts/{account}/users/{id}/tokens": {
      "parameters": [
        {"$ref": "#/components/parameters/Account"},
        {"$ref": "#/components/parameters/UserId"}
      ],
      "post": {
        "operationId": "users.tokens.create",
        "tags": ["tokens", "users"],
        "summary": "Create a personal token of the user, as that user.",
        "description": "Only the user itself creates its personal token: the caller is a personal token of that user, or sends `Acting-User: <that user>` (which needs users:act_as). No management permission is needed. The user must be active and hold the license api_per_user. The secret is in this response only.",
        "parameters": [
          {"$ref": "#/components/parameters/IdempotencyKey"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PersonalTokenCreate"}}}
        },
        "responses": {
          "201": {"$ref": "#/components/responses/TokenWithSecret"},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad name, description or expires_at (not RFC 3339, or past), an unknown field, a bad Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller is not the user, or the user is inactive, or Acting-User without users:act_as; LICENSE_REQUIRED: the user lacks api_per_user; PLAN_DISABLED: the plan has no API access."},
          "404": {"$ref": "#/components/responses/NotFound", "description": "NOT_FOUND: no such account or user."},
          "409": {"$ref": "#/components/responses/Conflict", "description": "TOKEN_LIMIT: the plan's max_active_tokens is reached; CONFLICT: the Idempotency-Key was used with another request."},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
        }
      }
    },
)json";

// Paths: tokens, their lifecycle, timeline and usage.
constexpr std::string_view kTokenPaths =
    R"json(    "/v1/accounts/{account}/tokens": {
      "parameters": [{"$ref": "#/components/parameters/Account"}],
      "post": {
        "operationId": "tokens.create",
        "tags": ["tokens"],
        "summary": "Create a group token (tokens:edit). The secret is in this response only.",
        "parameters": [
          {"$ref": "#/components/parameters/IdempotencyKey"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/GroupTokenCreate"}}}
        },
        "responses": {
          "201": {"$ref": "#/components/responses/TokenWithSecret"},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad name or description, no groups, a group that is unknown, deleted or not of type api, an expires_at that is not RFC 3339 or not in the future, an unknown field, a bad Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks tokens:edit; PLAN_DISABLED: the plan has no API access."},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict", "description": "TOKEN_LIMIT: the plan's max_active_tokens is reached; CONFLICT: the Idempotency-Key was used with another request."},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
        }
      },
      "get": {
        "operationId": "tokens.list",
        "tags": ["tokens"],
        "summary": "List and search the account's tokens (tokens:view). Revoked tokens are listed only with status=revoked.",
        "parameters": [
          {"$ref": "#/components/parameters/Q"},
          {"$ref": "#/components/parameters/Status"},
          {"$ref": "#/components/parameters/Group"},
          {"$ref": "#/components/parameters/User"},
          {"$ref": "#/components/parameters/UpdatedSince"},
          {"$ref": "#/components/parameters/Sort"},
          {"$ref": "#/components/parameters/Order"},
          {"$ref": "#/components/parameters/Limit"},
          {"$ref": "#/components/parameters/Cursor"},
          {"$ref": "#/components/parameters/AsOf"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "responses": {
          "200": {
            "description": "A page of tokens.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TokenPage"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad status, updated_since, sort, order, limit, cursor, as_of or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks tokens:view."},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/v1/accounts/{account}/tokens/{id}": {
      "parameters": [
        {"$ref": "#/components/parameters/Account"},
        {"$ref": "#/components/parameters/TokenId"}
      ],
      "get": {
        "operationId": "tokens.get",
        "tags": ["tokens"],
        "summary": "Get a token (tokens:view); revoked tokens are kept and still answer.",
        "parameters": [
          {"$ref": "#/components/parameters/AsOf"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "responses": {
          "200": {"$ref": "#/components/responses/Token"},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad as_of or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks tokens:view."},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      },
      "patch": {
        "operationId": "tokens.patch",
        "tags": ["tokens"],
        "summary": "Change a token's name, description, expiry or groups (tokens:edit). Absent fields keep their value; expires_at null means never.",
        "parameters": [
          {"$ref": "#/components/parameters/IfMatch"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TokenPatch"}}}
        },
        "responses": {
          "200": {"$ref": "#/components/responses/Token"},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad field, groups on a personal token, a group that is unknown or not of type api, a past expires_at, a malformed If-Match or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks tokens:edit."},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict", "description": "CONFLICT: the token is revoked; TOKEN_LIMIT: a new expires_at would bring an expired token back past max_active_tokens."},
          "412": {"$ref": "#/components/responses/VersionMismatch"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
        }
      },
      "delete": {
        "operationId": "tokens.delete",
        "tags": ["tokens"],
        "summary": "Revoke a token for good (tokens:edit). It is kept in history; a revealable secret is destroyed.",
        "parameters": [
          {"$ref": "#/components/parameters/IfMatch"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "responses": {
          "204": {"description": "Revoked."},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a malformed If-Match or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks tokens:edit."},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict", "description": "CONFLICT: the token is revoked already."},
          "412": {"$ref": "#/components/responses/VersionMismatch"}
        }
      }
    },
    "/v1/accounts/{account}/tokens/{id}:disable": {
      "parameters": [
        {"$ref": "#/components/parameters/Account"},
        {"$ref": "#/components/parameters/TokenId"}
      ],
      "post": {
        "operationId": "tokens.disable",
        "tags": ["tokens"],
        "summary": "Disable a token (tokens:edit): it fails verification with DISABLED until enabled.",
        "parameters": [
          {"$ref": "#/components/parameters/IfMatch"},
          {"$ref": "#/components/parameters/IdempotencyKey"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "responses": {
          "200": {"$ref": "#/components/responses/Token"},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a malformed If-Match or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks tokens:edit."},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict", "description": "CONFLICT: the token is revoked, or the Idempotency-Key was used with another request."},
          "412": {"$ref": "#/components/responses/VersionMismatch"}
        }
      }
    },
    "/v1/accounts/{account}/tokens/{id}:enable": {
      "parameters": [
        {"$ref": "#/components/parameters/Account"},
        {"$ref": "#/components/parameters/TokenId"}
      ],
      "post": {
        "operationId": "tokens.enable",
        "tags": ["tokens"],
        "summary": "Enable a disabled token again (tokens:edit).",
        "parameters": [
          {"$ref": "#/components/parameters/IfMatch"},
          {"$ref": "#/components/parameters/IdempotencyKey"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "responses": {
          "200": {"$ref": "#/components/responses/Token"},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a malformed If-Match or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks tokens:edit; PLAN_DISABLED: the plan has no API access."},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict", "description": "TOKEN_LIMIT: the plan's max_active_tokens is reached; CONFLICT: the token is revoked, or the Idempotency-Key was used with another request."},
          "412": {"$ref": "#/components/responses/VersionMismatch"}
        }
      }
    },
    "/v1/accounts/{account}/tokens/{id}:regenerate": {
      "parameters": [
        {"$ref": "#/components/parameters/Account"},
        {"$ref": "#/components/parameters/TokenId"}
      ],
      "post": {
        "operationId": "tokens.regenerate",
        "tags": ["tokens"],
        "summary": "Replace the token's secret (tokens:renew). The old secret fails verification (REVOKED) at once, or after grace_seconds.",
        "parameters": [
          {"$ref": "#/components/parameters/IfMatch"},
          {"$ref": "#/components/parameters/IdempotencyKey"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "requestBody": {
          "required": false,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RegenerateRequest"}}}
        },
        "responses": {
          "200": {"$ref": "#/components/responses/TokenWithSecret"},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: grace_seconds outside 0..604800, an unknown field, a malformed If-Match or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks tokens:renew."},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict", "description": "CONFLICT: the token is revoked, or the Idempotency-Key was used with another request."},
          "412": {"$ref": "#/components/responses/VersionMismatch"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
        }
      }
    },
    "/v1/accounts/{account}/tokens/{id}:reveal": {
      "parameters": [
        {"$ref": "#/components/parameters/Account"},
        {"$ref": "#/components/parameters/TokenId"}
      ],
      "post": {
        "operationId": "tokens.reveal",
        "tags": ["tokens"],
        "summary": "Show the token's current secret again (tokens:renew), where the account keeps secrets revealable. Every reveal is an event.",
        "parameters": [
          {"$ref": "#/components/parameters/IfMatch"},
          {"$ref": "#/components/parameters/IdempotencyKey"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "responses": {
          "200": {
            "description": "The secret.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RevealResponse"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a malformed If-Match or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks tokens:renew."},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict", "description": "NOT_REVEALABLE: the account's secret_visibility is once, or the secret was issued while it was; CONFLICT: the token is revoked, or the Idempotency-Key was used with another request."},
          "412": {"$ref": "#/components/responses/VersionMismatch"}
        }
      }
    },
    "/v1/accounts/{account}/tokens/{id}/timeline": {
      "parameters": [
        {"$ref": "#/components/parameters/Account"},
        {"$ref": "#/components/parameters/TokenId"}
      ],
      "get": {
        "operationId": "tokens.timeline",
        "tags": ["timelines"],
        "summary": "The token's events, oldest first, lifecycle and usage together (tokens:view). as_of does not apply.",
        "parameters": [
          {"$ref": "#/components/parameters/Since"},
          {"$ref": "#/components/parameters/Until"},
          {"$ref": "#/components/parameters/Limit"},
          {"$ref": "#/components/parameters/Cursor"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "responses": {
          "200": {
            "description": "A page of the token's events.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TimelinePage"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad since, until, limit, cursor or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks tokens:view."},
          "404": {"$ref": "#/components/responses/NotFound"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/v1/accounts/{account}/tokens/{id}/usage": {
      "parameters": [
        {"$ref": "#/components/parameters/Account"},
        {"$ref": "#/components/parameters/TokenId"}
      ],
      "get": {
        "operationId": "tokens.usage",
        "tags": ["timelines"],
        "summary": "The token's uses counted per client IP or per hour, with first and last use (tokens:view).",
        "parameters": [
          {"$ref": "#/components/parameters/By"},
          {"$ref": "#/components/parameters/Since"},
          {"$ref": "#/components/parameters/Until"},
          {"$ref": "#/components/parameters/Limit"},
          {"$ref": "#/components/parameters/Cursor"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "responses": {
          "200": {
            "description": "A page of usage buckets.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UsagePage"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad by, since, until, limit, cursor or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks tokens:view."},
          "404": {"$ref": "#/components/responses/NotFound"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
)json";

// Paths: grants, verification, the leaked-secret lookup.
constexpr std::string_view kGrantAndVerificationPaths =
    R"json(    "/v1/accounts/{account}/grants": {
      "parameters": [{"$ref": "#/components/parameters/Account"}],
      "post": {
        "operationId": "grants.create",
        "tags": ["grants"],
        "summary": "Let a token of another account act in this one with some of this account's api groups (tokens:edit).",
        "parameters": [
          {"$ref": "#/components/parameters/IdempotencyKey"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/GrantCreate"}}}
        },
        "responses": {
          "201": {"$ref": "#/components/responses/Grant"},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a token that is unknown, revoked or of this account; no groups, or groups that are unknown or not of type api; an unknown field; a bad Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks tokens:edit."},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict", "description": "CONFLICT: the token holds a grant of this account already (remove it first), or the Idempotency-Key was used with another request."},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
        }
      },
      "get": {
        "operationId": "grants.list",
        "tags": ["grants"],
        "summary": "List the grants this account gave (tokens:view); removed grants are not listed.",
        "parameters": [
          {"$ref": "#/components/parameters/Limit"},
          {"$ref": "#/components/parameters/Cursor"},
          {"$ref": "#/components/parameters/AsOf"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "responses": {
          "200": {
            "description": "A page of grants.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/GrantPage"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad limit, cursor, as_of or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks tokens:view."},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/v1/accounts/{account}/grants/{id}": {
      "parameters": [
        {"$ref": "#/components/parameters/Account"},
        {"$ref": "#/components/parameters/GrantId"}
      ],
      "get": {
        "operationId": "grants.get",
        "tags": ["grants"],
        "summary": "Get a grant (tokens:view).",
        "parameters": [
          {"$ref": "#/components/parameters/AsOf"},
          {"$ref": "#/components/parameters/ActingUser"}
        ],
        "responses": {
          "200": {"$ref": "#/components/responses/Grant"},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad as_of or Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks tokens:view."},
          "404": {"$ref": "#/components/responses/NotFound", "description": "NOT_FOUND: no such account or grant, or the grant is removed."}
        }
      },
      "delete": {
        "operationId": "grants.delete",
        "tags": ["grants"],
        "summary": "Remove a grant (tokens:edit); the other account's token loses access at once.",
        "parameters": [{"$ref": "#/components/parameters/ActingUser"}],
        "responses": {
          "204": {"description": "Removed."},
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad Acting-User."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks tokens:edit."},
          "404": {"$ref": "#/components/responses/NotFound", "description": "NOT_FOUND: no such account or grant, or the grant is removed already."}
        }
      }
    },
    "/v1/verify": {
      "post": {
        "operationId": "verify",
        "tags": ["verification"],
        "summary": "Verify a token: always 200 for a well-formed request, with valid and a code.",
        "description": "The token comes in the body's `token`, else in `Authorization: Bearer` or `x-api-key`. With `account`, the token must reach that account (its own, through a grant, or the operator); with `permission`, it must hold it. Each verification counts as a use of the token (last_used_at, last_used_ip, use_count).",
        "security": [{}, {"bearer": []}, {"apiKey": []}],
        "requestBody": {
          "required": false,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/VerifyRequest"}}}
        },
        "responses": {
          "200": {
            "description": "The verdict.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/VerifyResponse"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: the body is not a JSON object, or a field is not a string or unknown."},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
        }
      }
    },
    "/v1/auth": {
      "get": {
        "operationId": "auth",
        "tags": ["verification"],
        "summary": "Verification for reverse proxies (nginx auth_request): 204, 401 or 403.",
        "parameters": [
          {"$ref": "#/components/parameters/XAccount"},
          {"$ref": "#/components/parameters/XRequiredPermission"}
        ],
        "responses": {
          "204": {
            "description": "The token is valid for the account and permission asked.",
            "headers": {
              "X-Token-Id": {"description": "The token's id.", "schema": {"type": "string"}},
              "X-Account": {"description": "The account the token acts in.", "schema": {"type": "string"}},
              "X-User": {"description": "The owner of a personal token; empty for a group token.", "schema": {"type": "string"}}
            }
          },
          "401": {"$ref": "#/components/responses/AuthRejected", "description": "UNAUTHENTICATED: no token, or one that is malformed, unknown, revoked, disabled, expired, of an inactive user or of a plan without API access; X-Verify-Code says which."},
          "403": {"$ref": "#/components/responses/AuthRejected", "description": "FORBIDDEN: a valid token without access to X-Account or without X-Required-Permission; X-Verify-Code is FORBIDDEN."}
        }
      }
    },
    "/v1/tokens:lookup": {
      "post": {
        "operationId": "tokens.lookup",
        "tags": ["verification"],
        "summary": "Find the token that has or had a (leaked) secret: the operator, or tokens:view on the owning account.",
        "description": "Everyone else, and a secret that matches nothing, gets the same 404, so that the lookup cannot probe which secrets exist. Looking a secret up does not count as a use of it.",
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LookupRequest"}}}
        },
        "responses": {
          "200": {
            "description": "The token that has or had the secret.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LookupResponse"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: no secret, an unknown field."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "404": {"$ref": "#/components/responses/NotFound", "description": "NOT_FOUND: no token has this secret, or the caller may not see it."},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
        }
      }
    },
)json";

// Paths: the audit log, its signed tree heads and proofs (docs/api.md §5).
constexpr std::string_view kAuditPaths = R"json(    "/v1/audit": {
      "parameters": [{"$ref": "#/components/parameters/AuditAccount"}],
      "get": {
        "operationId": "audit.list",
        "tags": ["audit"],
        "summary": "The log's events in seq order, each with its leaf hash (audit:read).",
        "parameters": [
          {"$ref": "#/components/parameters/AfterSeq"},
          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 50}},
          {"name": "type", "in": "query", "description": "Only events of this type, e.g. TokenRevoked.", "schema": {"type": "string"}},
          {"name": "stream", "in": "query", "description": "Only events of this stream, e.g. token-tok_3fK9aQ2LmN8pR4sT6vWx.", "schema": {"type": "string"}}
        ],
        "responses": {
          "200": {
            "description": "A page of audit events.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AuditPage"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad after_seq or limit."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks audit:read."},
          "404": {"$ref": "#/components/responses/NotFound", "description": "NOT_FOUND: account names an account the caller cannot reach."}
        }
      }
    },
    "/v1/audit/head": {
      "parameters": [{"$ref": "#/components/parameters/AuditAccount"}],
      "get": {
        "operationId": "audit.head",
        "tags": ["audit"],
        "summary": "The latest signed tree head, or the one of a given tree_size (audit:read).",
        "parameters": [
          {"name": "tree_size", "in": "query", "description": "A size the server signed a head at; default: the latest.", "schema": {"type": "integer", "minimum": 0}}
        ],
        "responses": {
          "200": {
            "description": "The signed tree head.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TreeHead"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad tree_size."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks audit:read."},
          "404": {"$ref": "#/components/responses/NotFound", "description": "NOT_FOUND: no head of that size (or none yet), or an account the caller cannot reach."}
        }
      }
    },
    "/v1/audit/public-key": {
      "parameters": [{"$ref": "#/components/parameters/AuditAccount"}],
      "get": {
        "operationId": "audit.public_key",
        "tags": ["audit"],
        "summary": "The server's Ed25519 public key that signs tree heads (audit:read).",
        "responses": {
          "200": {
            "description": "The public key.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AuditPublicKey"}}}
          },
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks audit:read."},
          "404": {"$ref": "#/components/responses/NotFound", "description": "NOT_FOUND: account names an account the caller cannot reach."}
        }
      }
    },
    "/v1/audit/proof/inclusion": {
      "parameters": [{"$ref": "#/components/parameters/AuditAccount"}],
      "get": {
        "operationId": "audit.proof.inclusion",
        "tags": ["audit"],
        "summary": "The RFC 6962 audit path of event `seq` in the tree of `tree_size` leaves (audit:read).",
        "parameters": [
          {"name": "seq", "in": "query", "required": true, "schema": {"type": "integer", "minimum": 1}},
          {"name": "tree_size", "in": "query", "description": "Default: the latest signed head's.", "schema": {"type": "integer", "minimum": 1}}
        ],
        "responses": {
          "200": {
            "description": "The inclusion proof.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InclusionProof"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a missing or bad seq, a bad tree_size."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks audit:read."},
          "404": {"$ref": "#/components/responses/NotFound", "description": "NOT_FOUND: no event with that seq, or one of an account the caller cannot see."},
          "503": {"$ref": "#/components/responses/Unavailable", "description": "UNAVAILABLE: no tree head is signed yet (and no tree_size was given)."}
        }
      }
    },
    "/v1/audit/proof/consistency": {
      "parameters": [{"$ref": "#/components/parameters/AuditAccount"}],
      "get": {
        "operationId": "audit.proof.consistency",
        "tags": ["audit"],
        "summary": "The RFC 6962 consistency proof between the trees of `first` and `second` leaves (audit:read).",
        "parameters": [
          {"name": "first", "in": "query", "required": true, "schema": {"type": "integer", "minimum": 0}},
          {"name": "second", "in": "query", "description": "Default: the latest signed head's size.", "schema": {"type": "integer", "minimum": 0}}
        ],
        "responses": {
          "200": {
            "description": "The consistency proof.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ConsistencyProof"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a missing or bad first, a bad second, or sizes the log cannot prove."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks audit:read."},
          "404": {"$ref": "#/components/responses/NotFound", "description": "NOT_FOUND: account names an account the caller cannot reach."},
          "503": {"$ref": "#/components/responses/Unavailable", "description": "UNAVAILABLE: no tree head is signed yet (and no second was given)."}
        }
      }
    },
    "/v1/audit/stream": {
      "parameters": [{"$ref": "#/components/parameters/AuditAccount"}],
      "get": {
        "operationId": "audit.stream",
        "tags": ["audit"],
        "summary": "The audit events as Server-Sent Events, live (audit:read): `id:` is the seq; reconnecting with Last-Event-ID resumes after it.",
        "parameters": [
          {"$ref": "#/components/parameters/AfterSeq"},
          {"name": "Last-Event-ID", "in": "header", "description": "The seq to resume after; wins over after_seq.", "schema": {"type": "string"}},
          {"name": "type", "in": "query", "schema": {"type": "string"}},
          {"name": "stream", "in": "query", "schema": {"type": "string"}}
        ],
        "responses": {
          "200": {
            "description": "An endless text/event-stream; each event's data is one audit event (AuditEvent).",
            "content": {"text/event-stream": {"schema": {"type": "string"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a bad after_seq or Last-Event-ID."},
          "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: the caller lacks audit:read."},
          "404": {"$ref": "#/components/responses/NotFound", "description": "NOT_FOUND: account names an account the caller cannot reach."}
        }
      }
    },
)json";

// Paths: the admin console (docs/console.md): its files and its sessions.
constexpr std::string_view kConsolePaths = R"json(    "/console": {
      "get": {
        "operationId": "console.redirect",
        "tags": ["console"],
        "summary": "Redirects (308) to /console/.",
        "security": [],
        "responses": {"308": {"description": "Location: /console/."}}
      }
    },
    "/console/": {
      "get": {
        "operationId": "console.index",
        "tags": ["console"],
        "summary": "The console's page (embedded in the binary), with a strict Content-Security-Policy.",
        "security": [],
        "responses": {
          "200": {"description": "index.html; ETag is its SHA-256.", "content": {"text/html": {"schema": {"type": "string"}}}},
          "304": {"description": "If-None-Match named the current ETag."}
        }
      }
    },
    "/console/{asset}": {
      "get": {
        "operationId": "console.asset",
        "tags": ["console"],
        "summary": "A file of the console (JavaScript module, CSS).",
        "security": [],
        "parameters": [{"name": "asset", "in": "path", "required": true, "schema": {"type": "string"}, "example": "app.js"}],
        "responses": {
          "200": {"description": "The file; ETag is its SHA-256.", "content": {"text/javascript": {"schema": {"type": "string"}}, "text/css": {"schema": {"type": "string"}}}},
          "304": {"description": "If-None-Match named the current ETag."},
          "404": {"$ref": "#/components/responses/NotFound", "description": "NOT_FOUND: no such file."}
        }
      }
    },
    "/console/screens/{asset}": {
      "get": {
        "operationId": "console.screen",
        "tags": ["console"],
        "summary": "A screen module of the console.",
        "security": [],
        "parameters": [{"name": "asset", "in": "path", "required": true, "schema": {"type": "string"}, "example": "tokens.js"}],
        "responses": {
          "200": {"description": "The module; ETag is its SHA-256.", "content": {"text/javascript": {"schema": {"type": "string"}}}},
          "304": {"description": "If-None-Match named the current ETag."},
          "404": {"$ref": "#/components/responses/NotFound", "description": "NOT_FOUND: no such file."}
        }
      }
    },
    "/v1/console/session": {
      "post": {
        "operationId": "console.session.create",
        "tags": ["console"],
        "summary": "Signs in: exchanges a token's secret for a console session (an HttpOnly, SameSite=Strict cookie kt_session) and a CSRF token for X-CSRF-Token. A ConsoleSignedIn event, or ConsoleSignInFailed.",
        "security": [],
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {
            "type": "object", "additionalProperties": false, "required": ["token"],
            "properties": {"token": {"type": "string", "description": "A token's secret: the operator's, an account admin's or a personal one."}}
          }}}
        },
        "responses": {
          "201": {
            "description": "Signed in; Set-Cookie carries the session (Secure behind a trusted TLS proxy).",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ConsoleSession"}}}
          },
          "400": {"$ref": "#/components/responses/BadRequest", "description": "INVALID: a malformed body."},
          "401": {"$ref": "#/components/responses/Unauthenticated", "description": "UNAUTHENTICATED: the token is not valid (the detail names the verification code)."}
        }
      },
      "get": {
        "operationId": "console.session.get",
        "tags": ["console"],
        "summary": "The signed-in session, the permissions its token has now, and its CSRF token.",
        "security": [{"consoleSession": []}],
        "responses": {
          "200": {"description": "The session.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ConsoleSession"}}}},
          "401": {"$ref": "#/components/responses/Unauthenticated", "description": "UNAUTHENTICATED: no session, or it ended or expired."}
        }
      },
      "delete": {
        "operationId": "console.session.delete",
        "tags": ["console"],
        "summary": "Signs out: ends the session on every node (ConsoleSignedOut) and clears the cookie. Needs X-CSRF-Token.",
        "security": [{"consoleSession": []}],
        "responses": {
          "204": {"description": "Signed out."},
          "401": {"$ref": "#/components/responses/Unauthenticated", "description": "UNAUTHENTICATED: no session, or it ended or expired."},
          "403": {"$ref": "#/components/responses/Forbidden", "description": "FORBIDDEN: X-CSRF-Token is missing or wrong."}
        }
      }
    }
  },
)json";

// Components: security schemes, parameters, headers, responses.
constexpr std::string_view kSecurityParametersResponses =
    R"json(  "components": {
    "securitySchemes": {
      "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "`Authorization: Bearer kt_...` with a token's secret."
      },
      "apiKey": {
        "type": "apiKey",
        "in": "header",
        "name": "x-api-key",
        "description": "`x-api-key: kt_...` with a token's secret (when there is no Authorization header)."
      },
      "consoleSession": {
        "type": "apiKey",
        "in": "cookie",
        "name": "kt_session",
        "description": "The console's session cookie (POST /v1/console/session), when neither header is sent. Writes also need `X-CSRF-Token`."
      }
    },
    "parameters": {
      "Account": {
        "name": "account", "in": "path", "required": true,
        "description": "The account id, chosen at creation: [a-z0-9][a-z0-9-]{0,62}.",
        "schema": {"type": "string"}, "example": "acme"
      },
      "TokenId": {
        "name": "id", "in": "path", "required": true,
        "description": "A token id: tok_ and 20 base62 characters.",
        "schema": {"type": "string"}, "example": "tok_3fK9aQ2LmN8pR4sT6vWx"
      },
      "GroupId": {
        "name": "id", "in": "path", "required": true,
        "description": "A group id: grp_ and 20 base62 characters.",
        "schema": {"type": "string"}, "example": "grp_7hJ2kL9mN3pQ5rS8tU1v"
      },
      "UserId": {
        "name": "id", "in": "path", "required": true,
        "description": "A user id: usr_ and 20 base62 characters.",
        "schema": {"type": "string"}, "example": "usr_2bC4dE6fG8hJ1kL3mN5p"
      },
      "GrantId": {
        "name": "id", "in": "path", "required": true,
        "description": "A grant id: grt_ and 20 base62 characters.",
        "schema": {"type": "string"}, "example": "grt_9zY7xW5vU3tS1rQ8pO6n"
      },
      "Limit": {
        "name": "limit", "in": "query",
        "description": "Items per page.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 50}
      },
      "Cursor": {
        "name": "cursor", "in": "query",
        "description": "The next_cursor of the previous page (opaque; only valid for the same list, sort and order).",
        "schema": {"type": "string"}
      },
      "AsOf": {
        "name": "as_of", "in": "query",
        "description": "Answer with the state as it was right after event `seq` (digits), or after the last event at or before an RFC 3339 time; rebuilt from the log.",
        "schema": {"type": "string"}, "examples": {"seq": {"value": "42"}, "time": {"value": "2026-11-24T10:00:00.000000Z"}}
      },
      "IfMatch": {
        "name": "If-Match", "in": "header",
        "description": "The ETag of the resource as last read, `\"<version>\"` (`W/` and `*` are accepted). The write answers 412 VERSION_MISMATCH when the resource has moved on.",
        "schema": {"type": "string"}, "example": "\"3\""
      },
      "IdempotencyKey": {
        "name": "Idempotency-Key", "in": "header",
        "description": "Makes a POST safe to retry: the same key with the same body within 24 h answers the first request's result again (without a second secret) and writes nothing; with another body, 409 CONFLICT. Keys are scoped to the account and the calling token.",
        "schema": {"type": "string"}
      },
      "ActingUser": {
        "name": "Acting-User", "in": "header",
        "description": "Do the call on behalf of this user of the account (needs users:act_as; an unknown user answers 400).",
        "schema": {"type": "string"}, "example": "usr_2bC4dE6fG8hJ1kL3mN5p"
      },
      "Q": {
        "name": "q", "in": "query",
        "description": "Case-insensitive substring of the name or the description.",
        "schema": {"type": "string"}
      },
      "Status": {
        "name": "status", "in": "query",
        "description": "Only tokens of this status. Without it every status but revoked is listed.",
        "schema": {"type": "string", "enum": ["active", "disabled", "revoked", "expired"]}
      },
      "Group": {
        "name": "group", "in": "query",
        "description": "Only tokens bound to this group.",
        "schema": {"type": "string"}
      },
      "User": {
        "name": "user", "in": "query",
        "description": "Only personal tokens of this user.",
        "schema": {"type": "string"}
      },
      "UpdatedSince": {
        "name": "updated_since", "in": "query",
        "description": "Only tokens whose updated_at is at or after this RFC 3339 time.",
        "schema": {"type": "string", "format": "date-time"}
      },
      "Sort": {
        "name": "sort", "in": "query",
        "schema": {"type": "string", "enum": ["name", "created_at", "updated_at", "last_used_at"], "default": "created_at"}
      },
      "Order": {
        "name": "order", "in": "query",
        "schema": {"type": "string", "enum": ["asc", "desc"], "default": "asc"}
      },
      "Since": {
        "name": "since", "in": "query",
        "description": "Start of the window (inclusive), RFC 3339.",
        "schema": {"type": "string", "format": "date-time"}
      },
      "Until": {
        "name": "until", "in": "query",
        "description": "End of the window (exclusive), RFC 3339. Default: now.",
        "schema": {"type": "string", "format": "date-time"}
      },
      "By": {
        "name": "by", "in": "query",
        "description": "Count per client IP or per hour.",
        "schema": {"type": "string", "enum": ["ip", "hour"], "default": "ip"}
      },
      "AuditAccount": {
        "name": "account", "in": "query",
        "description": "The account whose events to show. The operator sees every account without it; anyone else sees their own account, and naming another answers 404.",
        "schema": {"type": "string"}
      },
      "AfterSeq": {
        "name": "after_seq", "in": "query",
        "description": "Start after this seq; default 0 (the beginning of the log).",
        "schema": {"type": "integer", "minimum": 0, "default": 0}
      },
      "XAccount": {
        "name": "X-Account", "in": "header",
        "description": "The account the token must reach (default: its own).",
        "schema": {"type": "string"}
      },
      "XRequiredPermission": {
        "name": "X-Required-Permission", "in": "header",
        "description": "A permission the token must hold, e.g. contacts:read.",
        "schema": {"type": "string"}
      }
    },
    "headers": {
      "ETag": {
        "description": "The resource's version, `\"<version>\"`; send it back in If-Match.",
        "schema": {"type": "string"}, "example": "\"3\""
      }
    },
    "responses": {
      "Account": {
        "description": "The account.",
        "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Account"}}}
      },
      "AccountCreated": {
        "description": "The new account.",
        "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Account"}}}
      },
      "Group": {
        "description": "The group.",
        "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Group"}}}
      },
      "User": {
        "description": "The user.",
        "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}
      },
      "Token": {
        "description": "The token.",
        "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Token"}}}
      },
      "TokenWithSecret": {
        "description": "The token with its new secret, shown this once. An Idempotency-Key replay answers without `secret`.",
        "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TokenWithSecret"}}}
      },
      "Grant": {
        "description": "The grant.",
        "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Grant"}}}
      },
      "BadRequest": {
        "description": "INVALID: the request is malformed; `errors` lists the fields.",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "Unauthenticated": {
        "description": "UNAUTHENTICATED: no token, or a token that is malformed, unknown, revoked, disabled, expired, of an inactive user or of a plan without API access.",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "Forbidden": {
        "description": "FORBIDDEN: the caller lacks the permission.",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "NotFound": {
        "description": "NOT_FOUND: no such resource, or one of an account the caller cannot reach (never 403 for those).",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "Conflict": {
        "description": "CONFLICT, TOKEN_LIMIT, GROUP_IN_USE or NOT_REVEALABLE; each operation says which it answers.",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "VersionMismatch": {
        "description": "VERSION_MISMATCH: If-Match names a version the resource has moved on from; nothing was written.",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "TooLarge": {
        "description": "TOO_LARGE: the body exceeds the server's limit (64 KiB by default).",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "UnsupportedMediaType": {
        "description": "UNSUPPORTED_MEDIA_TYPE: a body whose Content-Type is not application/json (or application/*+json).",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "Unavailable": {
        "description": "UNAVAILABLE: the server is not ready for this request yet (projections catching up with the log); retry.",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "AuthRejected": {
        "description": "The token was rejected.",
        "headers": {
          "X-Verify-Code": {"description": "The verification code: MALFORMED, NOT_FOUND, REVOKED, DISABLED, EXPIRED, USER_INACTIVE, PLAN_DISABLED or FORBIDDEN.", "schema": {"type": "string"}}
        },
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      }
    },
)json";

// Components: schemas of problems and of the resources and their requests.
constexpr std::string_view kResourceSchemas = R"json(    "schemas": {
      "ConsoleSession": {
        "type": "object",
        "required": ["id", "account", "token", "user", "kind", "operator", "permissions", "started_at", "expires_at", "idle_timeout_seconds", "csrf_token"],
        "properties": {
          "id": {"type": "string", "example": "cs_4Vq0XnT2bLk8Pz5Rw1Ya"},
          "account": {"type": "string", "description": "The account of the token that signed in."},
          "token": {"type": "string", "description": "The token that signed in."},
          "user": {"type": ["string", "null"], "description": "A personal token's user."},
          "kind": {"type": "string", "enum": ["group", "personal"]},
          "operator": {"type": "boolean"},
          "permissions": {"type": "array", "items": {"type": "string"}},
          "started_at": {"type": "string", "format": "date-time"},
          "expires_at": {"type": "string", "format": "date-time", "description": "The absolute end of the session."},
          "idle_timeout_seconds": {"type": "integer", "description": "The session ends after this long without a request."},
          "csrf_token": {"type": "string", "description": "Send as X-CSRF-Token with every write made with the session cookie."}
        }
      },
      "Time": {
        "type": "string", "format": "date-time",
        "description": "RFC 3339 UTC with microseconds.",
        "examples": ["2026-11-24T10:00:00.123456Z"]
      },
      "NullableTime": {
        "type": ["string", "null"], "format": "date-time",
        "description": "RFC 3339 UTC with microseconds, or null."
      },
      "Secret": {
        "type": "string", "pattern": "^kt_[0-9A-Za-z]{38}$",
        "description": "kt_ + 32 base62 characters of randomness + 6 base62 characters of CRC32."
      },
      "Permission": {
        "type": "string", "maxLength": 128,
        "description": "`*`, or `resource:action` where action may be `*` (every action of the resource).",
        "examples": ["contacts:read", "tokens:*", "*"]
      },
      "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details.",
        "required": ["type", "title", "status", "detail", "code"],
        "properties": {
          "type": {"type": "string", "examples": ["urn:keytrail:problem:token-limit"]},
          "title": {"type": "string"},
          "status": {"type": "integer"},
          "detail": {"type": "string"},
          "code": {
            "type": "string",
            "enum": ["INVALID", "UNAUTHENTICATED", "FORBIDDEN", "LICENSE_REQUIRED", "PLAN_DISABLED", "NOT_FOUND", "METHOD_NOT_ALLOWED", "CONFLICT", "TOKEN_LIMIT", "GROUP_IN_USE", "NOT_REVEALABLE", "VERSION_MISMATCH", "TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE", "HEADERS_TOO_LARGE", "RATE_LIMITED", "INTERNAL", "UNAVAILABLE"]
          },
          "errors": {
            "type": "array",
            "description": "Validation errors (INVALID only).",
            "items": {
              "type": "object",
              "required": ["field", "message"],
              "properties": {"field": {"type": "string"}, "message": {"type": "string"}}
            }
          }
        }
      },
      "Health": {
        "type": "object",
        "required": ["status"],
        "properties": {"status": {"type": "string", "const": "ok"}}
      },
      "Plan": {
        "type": "object",
        "required": ["name", "api_access"],
        "additionalProperties": false,
        "properties": {
          "name": {"type": "string", "minLength": 1, "maxLength": 100, "examples": ["pro"]},
          "api_access": {"type": "boolean", "description": "Without it every token of the account is disabled (reason plan)."},
          "max_active_tokens": {"type": ["integer", "null"], "minimum": 0, "description": "Cap on active tokens; null: unlimited."}
        }
      },
      "Settings": {
        "type": "object",
        "required": ["default_token_ttl_days", "secret_visibility"],
        "properties": {
          "default_token_ttl_days": {"type": ["integer", "null"], "minimum": 1, "maximum": 3650, "description": "A new token without expires_at expires this many days after its creation; null: never."},
          "secret_visibility": {"type": "string", "enum": ["once", "revealable"]}
        }
      },
      "SettingsPatch": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "default_token_ttl_days": {"type": ["integer", "null"], "minimum": 1, "maximum": 3650},
          "secret_visibility": {"type": "string", "enum": ["once", "revealable"]}
        }
      },
      "Account": {
        "type": "object",
        "required": ["id", "name", "plan", "settings", "created_at", "updated_at", "version"],
        "properties": {
          "id": {"type": "string", "examples": ["acme"]},
          "name": {"type": "string"},
          "plan": {"$ref": "#/components/schemas/Plan"},
          "settings": {"$ref": "#/components/schemas/Settings"},
          "created_at": {"$ref": "#/components/schemas/Time"},
          "updated_at": {"$ref": "#/components/schemas/Time"},
          "version": {"type": "integer", "description": "The ETag: moves with every change of the account."}
        }
      },
      "AccountCreate": {
        "type": "object",
        "required": ["id", "name"],
        "additionalProperties": false,
        "properties": {
          "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,62}$"},
          "name": {"type": "string", "minLength": 1, "maxLength": 100}
        }
      },
      "Group": {
        "type": "object",
        "required": ["id", "account", "name", "type", "permissions", "created_at", "updated_at", "version"],
        "properties": {
          "id": {"type": "string"},
          "account": {"type": "string"},
          "name": {"type": "string"},
          "type": {"type": "string", "enum": ["api", "user"]},
          "permissions": {"type": "array", "items": {"$ref": "#/components/schemas/Permission"}},
          "created_at": {"$ref": "#/components/schemas/Time"},
          "updated_at": {"$ref": "#/components/schemas/Time"},
          "version": {"type": "integer"}
        }
      },
      "GroupCreate": {
        "type": "object",
        "required": ["name", "type"],
        "additionalProperties": false,
        "properties": {
          "name": {"type": "string", "minLength": 1, "maxLength": 100},
          "type": {"type": "string", "enum": ["api", "user"]},
          "permissions": {"type": "array", "maxItems": 256, "items": {"$ref": "#/components/schemas/Permission"}}
        }
      },
      "GroupPatch": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "name": {"type": "string", "minLength": 1, "maxLength": 100},
          "permissions": {"type": "array", "maxItems": 256, "items": {"$ref": "#/components/schemas/Permission"}}
        }
      },
      "User": {
        "type": "object",
        "required": ["id", "account", "email", "name", "groups", "licenses", "active", "created_at", "updated_at", "version"],
        "properties": {
          "id": {"type": "string"},
          "account": {"type": "string"},
          "email": {"type": "string", "description": "Stored lowercased; unique in the account."},
          "name": {"type": "string"},
          "groups": {"type": "array", "items": {"type": "string"}, "description": "Groups of type user."},
          "licenses": {"type": "array", "items": {"type": "string"}, "examples": [["api_per_user"]]},
          "active": {"type": "boolean"},
          "created_at": {"$ref": "#/components/schemas/Time"},
          "updated_at": {"$ref": "#/components/schemas/Time"},
          "version": {"type": "integer"}
        }
      },
      "UserCreate": {
        "type": "object",
        "required": ["email"],
        "additionalProperties": false,
        "properties": {
          "email": {"type": "string"},
          "name": {"type": "string", "maxLength": 100},
          "groups": {"type": "array", "items": {"type": "string"}},
          "licenses": {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9_]{1,64}$"}}
        }
      },
      "UserPatch": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "name": {"type": "string", "maxLength": 100},
          "groups": {"type": "array", "items": {"type": "string"}},
          "licenses": {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9_]{1,64}$"}}
        }
      },
      "Token": {
        "type": "object",
        "required": ["id", "account", "name", "description", "kind", "groups", "user", "status", "disabled_reason", "masked", "expires_at", "created_at", "created_by", "updated_at", "updated_by", "last_used_at", "last_used_ip", "use_count", "version"],
        "properties": {
          "id": {"type": "string"},
          "account": {"type": "string"},
          "name": {"type": "string"},
          "description": {"type": ["string", "null"], "description": "null when empty."},
          "kind": {"type": "string", "enum": ["group", "personal"]},
          "groups": {"type": "array", "items": {"type": "string"}, "description": "The api groups of a group token; empty for a personal token."},
          "user": {"type": ["string", "null"], "description": "The owner of a personal token; null for a group token."},
          "status": {"type": "string", "enum": ["active", "disabled", "revoked", "expired"]},
          "disabled_reason": {"type": ["string", "null"], "enum": ["manual", "plan", null]},
          "masked": {"type": "string", "description": "kt_… and the secret's last 4 characters.", "examples": ["kt_…9Zq2"]},
          "expires_at": {"$ref": "#/components/schemas/NullableTime"},
          "created_at": {"$ref": "#/components/schemas/Time"},
          "created_by": {"type": ["string", "null"], "description": "The acting user, else the token that created it."},
          "updated_at": {"$ref": "#/components/schemas/Time"},
          "updated_by": {"type": ["string", "null"]},
          "last_used_at": {"$ref": "#/components/schemas/NullableTime"},
          "last_used_ip": {"type": ["string", "null"]},
          "use_count": {"type": "integer"},
          "version": {"type": "integer", "description": "The ETag: moves with lifecycle changes only, never with usage."}
        }
      },
      "TokenWithSecret": {
        "allOf": [
          {"$ref": "#/components/schemas/Token"},
          {"type": "object", "properties": {"secret": {"$ref": "#/components/schemas/Secret"}}}
        ]
      },
      "GroupTokenCreate": {
        "type": "object",
        "required": ["name", "groups"],
        "additionalProperties": false,
        "properties": {
          "name": {"type": "string", "minLength": 1, "maxLength": 100},
          "description": {"type": "string", "maxLength": 1000},
          "groups": {"type": "array", "minItems": 1, "items": {"type": "string"}, "description": "Groups of type api of the account."},
          "expires_at": {"type": ["string", "null"], "format": "date-time", "description": "In the future. Absent or null: now + default_token_ttl_days when the account sets it, else never."}
        }
      },
      "PersonalTokenCreate": {
        "type": "object",
        "required": ["name"],
        "additionalProperties": false,
        "properties": {
          "name": {"type": "string", "minLength": 1, "maxLength": 100},
          "description": {"type": "string", "maxLength": 1000},
          "expires_at": {"type": ["string", "null"], "format": "date-time", "description": "In the future. Absent or null: now + default_token_ttl_days when the account sets it, else never."}
        }
      },
      "TokenPatch": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "name": {"type": "string", "minLength": 1, "maxLength": 100},
          "description": {"type": "string", "maxLength": 1000},
          "expires_at": {"type": ["string", "null"], "format": "date-time", "description": "In the future, or null: never."},
          "groups": {"type": "array", "minItems": 1, "items": {"type": "string"}, "description": "Group tokens only."}
        }
      },
      "RegenerateRequest": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "grace_seconds": {"type": "integer", "minimum": 0, "maximum": 604800, "default": 0, "description": "How long the old secret keeps verifying; 0: it fails at once."}
        }
      },
      "RevealResponse": {
        "type": "object",
        "required": ["id", "secret"],
        "properties": {
          "id": {"type": "string"},
          "secret": {"$ref": "#/components/schemas/Secret"}
        }
      },
      "Grant": {
        "type": "object",
        "required": ["id", "account", "token", "token_account", "groups", "created_at", "version"],
        "properties": {
          "id": {"type": "string"},
          "account": {"type": "string", "description": "The granting account."},
          "token": {"type": "string", "description": "The token of the other account."},
          "token_account": {"type": "string", "description": "The account of that token."},
          "groups": {"type": "array", "items": {"type": "string"}, "description": "Api groups of the granting account."},
          "created_at": {"$ref": "#/components/schemas/Time"},
          "version": {"type": "integer"}
        }
      },
      "GrantCreate": {
        "type": "object",
        "required": ["token", "groups"],
        "additionalProperties": false,
        "properties": {
          "token": {"type": "string", "description": "The id of a token of another account."},
          "groups": {"type": "array", "minItems": 1, "items": {"type": "string"}}
        }
      },
)json";

// Components: schemas of pages, verification and timelines.
constexpr std::string_view kPageAndVerificationSchemas =
    R"json(      "NextCursor": {
        "type": ["string", "null"],
        "description": "Pass as `cursor` for the next page; null on the last page."
      },
      "AccountPage": {
        "type": "object", "required": ["items", "next_cursor"],
        "properties": {
          "items": {"type": "array", "items": {"$ref": "#/components/schemas/Account"}},
          "next_cursor": {"$ref": "#/components/schemas/NextCursor"}
        }
      },
      "GroupPage": {
        "type": "object", "required": ["items", "next_cursor"],
        "properties": {
          "items": {"type": "array", "items": {"$ref": "#/components/schemas/Group"}},
          "next_cursor": {"$ref": "#/components/schemas/NextCursor"}
        }
      },
      "UserPage": {
        "type": "object", "required": ["items", "next_cursor"],
        "properties": {
          "items": {"type": "array", "items": {"$ref": "#/components/schemas/User"}},
          "next_cursor": {"$ref": "#/components/schemas/NextCursor"}
        }
      },
      "TokenPage": {
        "type": "object", "required": ["items", "next_cursor"],
        "properties": {
          "items": {"type": "array", "items": {"$ref": "#/components/schemas/Token"}},
          "next_cursor": {"$ref": "#/components/schemas/NextCursor"}
        }
      },
      "GrantPage": {
        "type": "object", "required": ["items", "next_cursor"],
        "properties": {
          "items": {"type": "array", "items": {"$ref": "#/components/schemas/Grant"}},
          "next_cursor": {"$ref": "#/components/schemas/NextCursor"}
        }
      },
      "VerifyRequest": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "token": {"type": "string", "description": "The secret; when absent, the Authorization or x-api-key header."},
          "account": {"type": "string", "description": "The account the token must reach; default: its own."},
          "permission": {"type": "string", "description": "A permission the token must hold."}
        }
      },
      "VerifyResponse": {
        "oneOf": [
          {
            "type": "object",
            "required": ["valid", "code", "token_id", "account", "kind", "user", "permissions", "expires_at"],
            "properties": {
              "valid": {"const": true},
              "code": {"const": "VALID"},
              "token_id": {"type": "string"},
              "account": {"type": "string", "description": "The account the token acts in."},
              "kind": {"type": "string", "enum": ["group", "personal"]},
              "user": {"type": ["string", "null"]},
              "permissions": {"type": "array", "items": {"$ref": "#/components/schemas/Permission"}, "description": "Sorted; in the asked account (through a grant, the grant's groups)."},
              "expires_at": {"$ref": "#/components/schemas/NullableTime"}
            }
          },
          {
            "type": "object",
            "required": ["valid", "code"],
            "properties": {
              "valid": {"const": false},
              "code": {"type": "string", "enum": ["MALFORMED", "NOT_FOUND", "REVOKED", "DISABLED", "EXPIRED", "USER_INACTIVE", "PLAN_DISABLED", "FORBIDDEN"]}
            }
          }
        ]
      },
      "LookupRequest": {
        "type": "object",
        "required": ["secret"],
        "additionalProperties": false,
        "properties": {"secret": {"type": "string"}}
      },
      "LookupResponse": {
        "type": "object",
        "required": ["token_id", "account", "name", "kind", "owner", "created_by", "status", "disabled_reason", "matched", "created_at", "last_used_at", "last_used_ip", "use_count"],
        "properties": {
          "token_id": {"type": "string"},
          "account": {"type": "string"},
          "name": {"type": "string"},
          "kind": {"type": "string", "enum": ["group", "personal"]},
          "owner": {"type": ["string", "null"], "description": "The user of a personal token."},
          "created_by": {"type": ["string", "null"]},
          "status": {"type": "string", "enum": ["active", "disabled", "revoked", "expired"]},
          "disabled_reason": {"type": ["string", "null"]},
          "matched": {"type": "string", "enum": ["current", "previous", "retired"], "description": "Which of the token's secrets it is: the current one, the one before a regenerate (in its grace period), or an older one."},
          "created_at": {"$ref": "#/components/schemas/Time"},
          "last_used_at": {"$ref": "#/components/schemas/NullableTime"},
          "last_used_ip": {"type": ["string", "null"]},
          "use_count": {"type": "integer"}
        }
      },
      "Actor": {
        "type": "object",
        "required": ["token", "user", "ip"],
        "properties": {
          "token": {"type": ["string", "null"]},
          "user": {"type": ["string", "null"]},
          "ip": {"type": ["string", "null"]}
        }
      },
      "TimelineEntry": {
        "type": "object",
        "required": ["seq", "time", "type", "actor", "data"],
        "properties": {
          "seq": {"type": "integer", "description": "The event's global position in the log."},
          "time": {"$ref": "#/components/schemas/Time"},
          "type": {"type": "string", "examples": ["TokenCreated", "TokenUsed"]},
          "actor": {"$ref": "#/components/schemas/Actor"},
          "data": {"type": "object", "description": "The event's fields; never a secret."}
        }
      },
      "TimelinePage": {
        "type": "object", "required": ["items", "next_cursor"],
        "properties": {
          "items": {"type": "array", "items": {"$ref": "#/components/schemas/TimelineEntry"}},
          "next_cursor": {"$ref": "#/components/schemas/NextCursor"}
        }
      },
      "UsageBucket": {
        "type": "object",
        "required": ["count", "first_used_at", "last_used_at"],
        "properties": {
          "ip": {"type": "string", "description": "by=ip only."},
          "hour": {"$ref": "#/components/schemas/Time", "description": "by=hour only: the start of the hour."},
          "count": {"type": "integer"},
          "first_used_at": {"$ref": "#/components/schemas/Time"},
          "last_used_at": {"$ref": "#/components/schemas/Time"}
        }
      },
      "UsagePage": {
        "type": "object", "required": ["by", "items", "next_cursor"],
        "properties": {
          "by": {"type": "string", "enum": ["ip", "hour"]},
          "items": {"type": "array", "items": {"$ref": "#/components/schemas/UsageBucket"}},
          "next_cursor": {"$ref": "#/components/schemas/NextCursor"}
        }
      },
      "TokenActivity": {
        "type": "object",
        "required": ["token_id", "name", "kind", "user", "use_count", "first_used_at", "last_used_at", "ips"],
        "properties": {
          "token_id": {"type": "string"},
          "name": {"type": ["string", "null"]},
          "kind": {"type": ["string", "null"], "enum": ["group", "personal", null]},
          "user": {"type": ["string", "null"]},
          "use_count": {"type": "integer", "description": "Uses in the window."},
          "first_used_at": {"$ref": "#/components/schemas/Time"},
          "last_used_at": {"$ref": "#/components/schemas/Time"},
          "ips": {"type": "array", "items": {"type": "string"}, "description": "Client IPs seen in the window."}
        }
      },
      "AuditEvent": {
        "type": "object",
        "description": "One event of the log. leaf_hash = SHA-256(0x00 || JCS(this object without leaf_hash)), JCS being RFC 8785 canonical JSON.",
        "required": ["seq", "stream", "version", "type", "time", "actor", "data", "leaf_hash"],
        "properties": {
          "seq": {"type": "integer"},
          "stream": {"type": "string", "examples": ["token-tok_3fK9aQ2LmN8pR4sT6vWx"]},
          "version": {"type": "integer", "description": "The event's position in its stream."},
          "type": {"type": "string"},
          "time": {"$ref": "#/components/schemas/Time"},
          "actor": {"$ref": "#/components/schemas/Actor"},
          "data": {"type": "object"},
          "leaf_hash": {"type": "string", "description": "Hex."}
        }
      },
      "AuditPage": {
        "type": "object", "required": ["items", "next_after_seq", "next_cursor"],
        "properties": {
          "items": {"type": "array", "items": {"$ref": "#/components/schemas/AuditEvent"}},
          "next_after_seq": {"type": "integer", "description": "Pass as after_seq for the next page."},
          "next_cursor": {"$ref": "#/components/schemas/NextCursor"}
        }
      },
      "TreeHead": {
        "type": "object",
        "required": ["tree_size", "root_hash", "timestamp", "signature"],
        "properties": {
          "tree_size": {"type": "integer"},
          "root_hash": {"type": "string", "description": "Hex RFC 6962 Merkle tree hash of the first tree_size leaves."},
          "timestamp": {"$ref": "#/components/schemas/Time"},
          "signature": {"type": "string", "description": "Hex Ed25519 signature by the key of /v1/audit/public-key."}
        }
      },
      "AuditPublicKey": {
        "type": "object",
        "required": ["algorithm", "pem", "public_key"],
        "properties": {
          "algorithm": {"const": "Ed25519"},
          "pem": {"type": "string"},
          "public_key": {"type": "string", "description": "Hex, raw 32 bytes."}
        }
      },
      "InclusionProof": {
        "type": "object",
        "required": ["audit_path", "leaf_hash", "leaf_index", "seq", "tree_size"],
        "properties": {
          "audit_path": {"type": "array", "items": {"type": "string"}, "description": "Hex hashes, leaf to root."},
          "leaf_hash": {"type": "string"},
          "leaf_index": {"type": "integer", "description": "seq - 1."},
          "seq": {"type": "integer"},
          "tree_size": {"type": "integer"}
        }
      },
      "ConsistencyProof": {
        "type": "object",
        "required": ["consistency_path", "first", "second"],
        "properties": {
          "consistency_path": {"type": "array", "items": {"type": "string"}, "description": "Hex hashes."},
          "first": {"type": "integer"},
          "second": {"type": "integer"}
        }
      },
      "ActivityPage": {
        "type": "object", "required": ["items", "next_cursor"],
        "properties": {
          "items": {"type": "array", "items": {"$ref": "#/components/schemas/TokenActivity"}},
          "next_cursor": {"$ref": "#/components/schemas/NextCursor"}
        }
      }
    }
  }
}
)json";

constexpr std::array<std::string_view, 11> kPieces = {
    kHead,
    kServiceAndAccountPaths,
    kGroupPaths,
    kUserPaths,
    kTokenPaths,
    kGrantAndVerificationPaths,
    kAuditPaths,
    kConsolePaths,
    kSecurityParametersResponses,
    kResourceSchemas,
    kPageAndVerificationSchemas,
};

std::string Join() {
  std::string document;
  for (std::string_view piece : kPieces) document += piece;
  return document;
}

}  // namespace

std::string_view OpenApiDocument() {
  static const std::string* const document = new std::string(Join());
  return *document;
}

}  // namespace keytrail::http
