// Function states and update statuses (https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html).
// A new function is Pending and an update InProgress until Lambda has prepared it; then the
// function is Active and the update Successful, with a new RevisionId. Nimbus has no
// infrastructure to provision, so the transition completes a configurable moment after the
// change (config lambda.stateTransitionMs), at the first read after that moment: no timers,
// and fake time in tests moves it. The SDK waiters (function-active-v2, function-updated-v2)
// poll GetFunction and see the same sequence as on AWS.
import type { VersionRecord } from "./types.js";

/** AWS reports "Creating" for the reason code of updates too (recorded AWS responses). */
const BEING_CREATED = "The function is being created.";

/** $LATEST right after CreateFunction. */
export function pendingCreation(settlesAt: number): Pick<VersionRecord, "state" | "stateReason" | "stateReasonCode" | "settlesAt"> {
  return { state: "Pending", stateReason: BEING_CREATED, stateReasonCode: "Creating", settlesAt };
}

/** $LATEST right after UpdateFunctionCode or UpdateFunctionConfiguration. */
export function updateInProgress(record: VersionRecord, settlesAt: number): VersionRecord {
  return {
    ...record,
    lastUpdateStatus: "InProgress",
    lastUpdateStatusReason: BEING_CREATED,
    lastUpdateStatusReasonCode: "Creating",
    settlesAt,
  };
}

/** Whether an earlier change is still being applied (AWS refuses further updates meanwhile). */
export function isSettling(record: VersionRecord, now: number): boolean {
  return record.settlesAt !== undefined && now < record.settlesAt;
}

/**
 * The record once its pending change has completed, or undefined when nothing changes yet.
 * Completing gives the version a new RevisionId, as on AWS.
 */
export function settle(record: VersionRecord, now: number, newRevisionId: () => string): VersionRecord | undefined {
  if (record.settlesAt === undefined || now < record.settlesAt) return undefined;
  const next: VersionRecord = { ...record, revisionId: newRevisionId() };
  delete next.settlesAt;
  if (next.state === "Pending") {
    next.state = "Active";
    delete next.stateReason;
    delete next.stateReasonCode;
  }
  next.lastUpdateStatus = "Successful";
  delete next.lastUpdateStatusReason;
  delete next.lastUpdateStatusReasonCode;
  return next;
}
