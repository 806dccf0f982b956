import { status } from '@grpc/grpc-js';

/**
 * Whether a qscc evaluation failed because the peer answered with an error response (Fabric's gateway:
 * gRPC UNKNOWN with one detail per endorser that answered, `internal/pkg/gateway/api.go` Evaluate), as
 * qscc does for a block number or transaction id its index lacks. Transport failures carry UNAVAILABLE or
 * DEADLINE_EXCEEDED and no endorser detail. Read structurally, never from the message text: callers check
 * their arguments first (a block number below the height, a well-formed id), so a refusal means not found.
 */
export function isQueryRefusal(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  const { name, code, details } = error as { name?: unknown; code?: unknown; details?: unknown };
  return name === 'GatewayError' && code === status.UNKNOWN && Array.isArray(details) && details.length > 0;
}
