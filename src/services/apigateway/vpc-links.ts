// VpcLink: CreateVpcLink, GetVpcLink(s), UpdateVpcLink, DeleteVpcLink.
// https://docs.aws.amazon.com/apigateway/latest/api/API_CreateVpcLink.html
// A VPC link names Network Load Balancers that VPC_LINK integrations reach. AWS provisions
// one in minutes (PENDING, then AVAILABLE); Nimbus has no VPC to wire, so the link answers
// PENDING to CreateVpcLink, as AWS does, and is AVAILABLE from the next read on.
// Messages as recorded (TestApiGatewayVpcLink).
import type { RequestContext } from "../../aws/context.js";
import type {
  CreateVpcLinkRequest,
  DeleteVpcLinkRequest,
  GetVpcLinkRequest,
  GetVpcLinksRequest,
  UpdateVpcLinkRequest,
  VpcLink,
  VpcLinks,
} from "../../aws/generated/apigateway.js";
import { NotFoundException } from "../../aws/generated/apigateway.js";
import { parseArn } from "../../aws/arn.js";
import type { ServiceDb } from "../../storage/types.js";
import { scopeOf } from "./api-repository.js";
import type { ControlPlaneDeps } from "./deps.js";
import { badRequest } from "./errors.js";
import { newShortId } from "./ids.js";
import { tagsField, type TagsPresence } from "./outputs.js";
import { paginate } from "./pagination.js";
import { checkTablePath } from "./patch-operations.js";
import type { Scope } from "./records.js";
import type { ApiGatewayTables } from "./store-schema.js";

interface VpcLinkRecord {
  id: string;
  name: string;
  description?: string;
  targetArns: string[];
  tags: Record<string, string>;
  createdDate: number;
}

const READY = "Your vpc link is ready for use";
const notFound = () => new NotFoundException("Invalid Vpc Link identifier specified");
const UPDATE_PATHS = { replace: ["/name", "/description"] } as const;

export class VpcLinkOps {
  private readonly links: VpcLinkTable;

  constructor(private readonly deps: ControlPlaneDeps) {
    this.links = new VpcLinkTable(deps.store.sdb);
  }

  async create(ctx: RequestContext, input: CreateVpcLinkRequest): Promise<VpcLink> {
    if (!input.name) throw badRequest("Name cannot be empty");
    for (const arn of input.targetArns) {
      if (!parseArn(arn)) throw badRequest(`Invalid ARN. ARN is not well formed ${arn}`);
    }
    const link: VpcLinkRecord = { id: newShortId(), name: input.name, targetArns: [...input.targetArns], tags: { ...(input.tags ?? {}) }, createdDate: this.deps.clock.now() };
    if (input.description) link.description = input.description;
    await this.links.insert(scopeOf(ctx), link);
    const { statusMessage: _ready, ...created } = output(link, "non-empty");
    return { ...created, status: "PENDING" };
  }

  async get(ctx: RequestContext, input: GetVpcLinkRequest): Promise<VpcLink> {
    return output(await this.require(scopeOf(ctx), input.vpcLinkId), "always");
  }

  async list(ctx: RequestContext, input: GetVpcLinksRequest): Promise<VpcLinks> {
    const all = await this.links.list(scopeOf(ctx));
    const page = paginate(all, (l) => l.id, input.position, input.limit);
    return { ...page, items: page.items.map((l) => output(l, "non-empty")) };
  }

  async update(ctx: RequestContext, input: UpdateVpcLinkRequest): Promise<VpcLink> {
    const scope = scopeOf(ctx);
    const link = await this.require(scope, input.vpcLinkId);
    for (const op of input.patchOperations ?? []) {
      const path = checkTablePath(op, UPDATE_PATHS);
      if (path === "/name") {
        if (!op.value) throw badRequest("Name cannot be empty");
        link.name = op.value;
      } else if (op.value) link.description = op.value;
      else delete link.description;
    }
    await this.links.save(scope, link);
    return output(link, "always");
  }

  async delete(ctx: RequestContext, input: DeleteVpcLinkRequest): Promise<void> {
    const scope = scopeOf(ctx);
    await this.require(scope, input.vpcLinkId);
    await this.links.delete(scope, input.vpcLinkId);
  }

  private async require(scope: Scope, id: string): Promise<VpcLinkRecord> {
    const link = await this.links.get(scope, id);
    if (!link) throw notFound();
    return link;
  }
}

function output(link: VpcLinkRecord, presence: TagsPresence): VpcLink {
  const { createdDate: _created, tags, ...rest } = structuredClone(link);
  return { ...rest, status: "AVAILABLE", statusMessage: READY, ...tagsField(tags, presence) };
}

/** The apigateway_vpc_links table. */
class VpcLinkTable {
  constructor(private readonly sdb: ServiceDb<ApiGatewayTables>) {}

  async insert(scope: Scope, link: VpcLinkRecord): Promise<void> {
    await this.sdb.db
      .insertInto("apigateway_vpc_links")
      .values({ account_id: scope.accountId, region: scope.region, link_id: link.id, created_at: link.createdDate, doc: JSON.stringify(link) })
      .execute();
  }

  async get(scope: Scope, id: string): Promise<VpcLinkRecord | undefined> {
    const row = await this.rows(scope).select("doc").where("link_id", "=", id).executeTakeFirst();
    return row ? JSON.parse(row.doc) : undefined;
  }

  async list(scope: Scope): Promise<VpcLinkRecord[]> {
    const rows = await this.rows(scope).select("doc").orderBy("created_at").orderBy("link_id").execute();
    return rows.map((r) => JSON.parse(r.doc));
  }

  async save(scope: Scope, link: VpcLinkRecord): Promise<void> {
    await this.sdb.db
      .updateTable("apigateway_vpc_links")
      .set({ doc: JSON.stringify(link) })
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("link_id", "=", link.id)
      .execute();
  }

  async delete(scope: Scope, id: string): Promise<void> {
    await this.sdb.db
      .deleteFrom("apigateway_vpc_links")
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("link_id", "=", id)
      .execute();
  }

  private rows(scope: Scope) {
    return this.sdb.db.selectFrom("apigateway_vpc_links").where("account_id", "=", scope.accountId).where("region", "=", scope.region);
  }
}
