// Amazon DynamoDB Streams (dynamodbstreams, API 2012-08-10, awsJson1_0; same signing name as
// DynamoDB, told apart by the X-Amz-Target prefix DynamoDBStreams_20120810).
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB_Streams.html
//
// Known gaps (differences from AWS):
// - One shard per stream: no shard splits, so ShardFilter CHILD_SHARDS finds nothing and
//   ParentShardId is never set.
// - TrimmedDataAccessException is never raised: an iterator older than the trim horizon reads
//   from the oldest record still kept.
import type { DynamoDBStreamsOperations } from "../../aws/generated/dynamodbstreams.js";
import type { ServiceDefinition, ServiceDeps } from "../types.js";
import { DynamoDbBackend } from "./backend.js";
import { StreamCatalog } from "./stream-catalog.js";
import { StreamOperations } from "./streams.js";

type Api = Partial<DynamoDBStreamsOperations>;

export class DynamoDbStreamsProvider implements Api {
  private operations!: StreamOperations;

  constructor(private readonly deps: ServiceDeps) {}

  async start(): Promise<void> {
    const backend = await DynamoDbBackend.open(this.deps.store, this.deps.clock, this.deps.config);
    this.operations = new StreamOperations(backend, new StreamCatalog(backend));
  }

  ListStreams: Api["ListStreams"] = (ctx, input) => this.operations.ListStreams(ctx, input);
  DescribeStream: Api["DescribeStream"] = (ctx, input) => this.operations.DescribeStream(ctx, input);
  GetShardIterator: Api["GetShardIterator"] = (ctx, input) => this.operations.GetShardIterator(ctx, input);
  GetRecords: Api["GetRecords"] = (ctx, input) => this.operations.GetRecords(ctx, input);
}

export const dynamodbStreamsService: ServiceDefinition = {
  name: "dynamodbstreams",
  create: (deps) => new DynamoDbStreamsProvider(deps),
};
