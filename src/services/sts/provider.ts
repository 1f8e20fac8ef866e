// AWS Security Token Service (query protocol, API 2011-06-15).
// https://docs.aws.amazon.com/STS/latest/APIReference/welcome.html
//
// Known gaps (differences from AWS):
// - There is no IAM yet: AssumeRole accepts any well-formed role ARN and does not evaluate the
//   role's trust policy; MaxSessionDuration is the IAM default (3600 s) for every role.
// - Session policies, tags and source identity are accepted but not enforced.
// - AssumeRoleWithSAML, AssumeRoleWithWebIdentity, AssumeRoot, GetFederationToken,
//   DecodeAuthorizationMessage, GetDelegatedAccessToken and GetWebIdentityToken answer
//   NotImplemented.
import { ServiceError } from "../../aws/errors.js";
import { partitionOf, parseArn } from "../../aws/arn.js";
import type { RequestContext } from "../../aws/context.js";
import type { IssuedCredential } from "../../aws/identity/credentials.js";
import type {
  AssumeRoleRequest,
  AssumeRoleResponse,
  Credentials,
  GetAccessKeyInfoRequest,
  GetAccessKeyInfoResponse,
  GetCallerIdentityResponse,
  GetSessionTokenRequest,
  GetSessionTokenResponse,
  STSOperations,
} from "../../aws/generated/sts.js";
import type { Clock } from "../../shared/clock.js";
import type { ServiceDefinition, ServiceDeps } from "../types.js";
import { accountOfAccessKey, newSecretAccessKey, newSessionToken, newTemporaryAccessKeyId, roleUniqueId } from "./access-keys.js";
import { StsStore } from "./store.js";

/** What the edge asks STS to authenticate calls signed with temporary credentials. */
export interface StsCredentialLookup {
  lookupCredential(accessKeyId: string): Promise<IssuedCredential | undefined>;
}

/** IAM's default MaxSessionDuration for a role (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-settings.html). */
const DEFAULT_MAX_SESSION_SECONDS = 3600;

export class StsProvider implements StsCredentialLookup, Partial<STSOperations> {
  /** Opened on first need: GetCallerIdentity, the commonest first call, needs no storage. */
  private storeOpening?: Promise<StsStore>;
  /** Issued credentials are immutable, so a look-up can be cached for the process's life. */
  private readonly cache = new Map<string, IssuedCredential>();
  private readonly clock: Clock;

  constructor(private readonly deps: ServiceDeps) {
    this.clock = deps.clock;
  }

  private store(): Promise<StsStore> {
    this.storeOpening ??= StsStore.open(this.deps.store);
    return this.storeOpening;
  }

  async reset(): Promise<void> {
    this.cache.clear();
    await (await this.store()).reset();
  }

  async lookupCredential(accessKeyId: string): Promise<IssuedCredential | undefined> {
    const cached = this.cache.get(accessKeyId);
    if (cached) return cached;
    const found = await (await this.store()).find(accessKeyId);
    if (found) this.cache.set(accessKeyId, found);
    return found;
  }

  async GetCallerIdentity(ctx: RequestContext): Promise<GetCallerIdentityResponse> {
    return { UserId: ctx.caller.userId, Account: ctx.caller.accountId, Arn: ctx.caller.arn };
  }

  async GetAccessKeyInfo(_ctx: RequestContext, input: GetAccessKeyInfoRequest): Promise<GetAccessKeyInfoResponse> {
    const issued = this.cache.get(input.AccessKeyId);
    return { Account: issued?.accountId ?? accountOfAccessKey(input.AccessKeyId) };
  }

  async AssumeRole(ctx: RequestContext, input: AssumeRoleRequest): Promise<AssumeRoleResponse> {
    const role = parseArn(input.RoleArn);
    const roleMatch = role?.service === "iam" ? /^role\/(?:.*\/)?([^/]+)$/.exec(role.resource) : null;
    if (!role || !roleMatch || !/^\d{12}$/.test(role.accountId)) {
      throw new ServiceError("ValidationError", `${input.RoleArn} is invalid`, 400);
    }
    const duration = input.DurationSeconds ?? 3600;
    if (duration > DEFAULT_MAX_SESSION_SECONDS) {
      throw new ServiceError("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", 400);
    }
    const roleName = roleMatch[1]!;
    const roleId = roleUniqueId(input.RoleArn);
    const assumedRoleId = `${roleId}:${input.RoleSessionName}`;
    const arn = `arn:${partitionOf(ctx.region)}:sts::${role.accountId}:assumed-role/${roleName}/${input.RoleSessionName}`;
    const credentials = await this.issue(role.accountId, arn, assumedRoleId, duration);
    return { Credentials: credentials, AssumedRoleUser: { AssumedRoleId: assumedRoleId, Arn: arn } };
  }

  async GetSessionToken(ctx: RequestContext, input: GetSessionTokenRequest): Promise<GetSessionTokenResponse> {
    const duration = input.DurationSeconds ?? 43_200;
    if (duration < 900 || duration > 129_600) {
      throw new ServiceError(
        "ValidationError",
        `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value ${duration < 900 ? "greater than or equal to 900" : "less than or equal to 129600"}`,
        400,
      );
    }
    if (ctx.caller.sessionToken) {
      throw new ServiceError("AccessDenied", "Cannot call GetSessionToken with session credentials", 403);
    }
    return { Credentials: await this.issue(ctx.caller.accountId, ctx.caller.arn, ctx.caller.userId, duration) };
  }

  private async issue(accountId: string, arn: string, userId: string, durationSeconds: number): Promise<Credentials> {
    const now = this.clock.now();
    const cred = {
      accessKeyId: newTemporaryAccessKeyId(accountId),
      secretAccessKey: newSecretAccessKey(),
      sessionToken: newSessionToken(),
      accountId,
      arn,
      userId,
      // AWS reports expirations to the second.
      expiresAt: Math.floor((now + durationSeconds * 1000) / 1000) * 1000,
    };
    await (await this.store()).save(cred, now);
    this.cache.set(cred.accessKeyId, cred);
    return {
      AccessKeyId: cred.accessKeyId,
      SecretAccessKey: cred.secretAccessKey,
      SessionToken: cred.sessionToken,
      Expiration: new Date(cred.expiresAt),
    };
  }
}

export const stsService: ServiceDefinition = {
  name: "sts",
  validation: { code: "ValidationError" },
  create: (deps) => new StsProvider(deps),
};
