// On-demand backups and point-in-time recovery through the SDK v3 client, with a fake clock so
// "restore to 10:00:05" is exact.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateBackupCommand,
  DeleteBackupCommand,
  DeleteItemCommand,
  DescribeBackupCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  GetItemCommand,
  ListBackupsCommand,
  PutItemCommand,
  QueryCommand,
  RestoreTableFromBackupCommand,
  RestoreTableToPointInTimeCommand,
  ScanCommand,
  UpdateContinuousBackupsCommand,
} from "@aws-sdk/client-dynamodb";
import { FakeClock } from "../../../src/shared/clock.js";
import { createTable, type DynamoHarness, hashTable, rejects, startDynamo } from "./helpers.js";

describe("DynamoDB backups and point-in-time recovery", () => {
  let h: DynamoHarness;
  const clock = new FakeClock();
  before(async () => {
    h = await startDynamo({}, clock);
    await createTable(
      h.ddb,
      hashTable("source", {
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "colour", AttributeType: "S" },
        ],
        GlobalSecondaryIndexes: [{ IndexName: "by-colour", KeySchema: [{ AttributeName: "colour", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
      }),
    );
  });
  after(() => h.stop());

  const put = (pk: string, colour = "red") => h.ddb.send(new PutItemCommand({ TableName: "source", Item: { pk: { S: pk }, colour: { S: colour } } }));
  const count = async (table: string) => (await h.ddb.send(new ScanCommand({ TableName: table, Select: "COUNT" }))).Count;

  it("backs a table up and restores it, indexes included", async () => {
    await put("a");
    await put("b", "blue");
    const created = await h.ddb.send(new CreateBackupCommand({ TableName: "source", BackupName: "nightly" }));
    const arn = created.BackupDetails!.BackupArn!;
    assert.match(arn, /^arn:aws:dynamodb:us-east-1:000000000000:table\/source\/backup\/\d{17}-[0-9a-f]{8}$/);
    assert.equal(created.BackupDetails!.BackupStatus, "CREATING");
    await put("c");
    const described = await h.ddb.send(new DescribeBackupCommand({ BackupArn: arn }));
    assert.equal(described.BackupDescription!.BackupDetails!.BackupStatus, "AVAILABLE");
    assert.equal(described.BackupDescription!.SourceTableDetails!.ItemCount, 2);
    assert.equal(described.BackupDescription!.SourceTableFeatureDetails!.GlobalSecondaryIndexes![0]!.IndexName, "by-colour");
    const listed = await h.ddb.send(new ListBackupsCommand({ TableName: "source" }));
    assert.deepEqual(listed.BackupSummaries!.map((b) => b.BackupName), ["nightly"]);

    const restored = await h.ddb.send(new RestoreTableFromBackupCommand({ BackupArn: arn, TargetTableName: "restored" }));
    assert.equal(restored.TableDescription!.TableStatus, "CREATING");
    assert.equal(restored.TableDescription!.RestoreSummary!.SourceBackupArn, arn);
    assert.equal(await count("restored"), 2);
    const blue = await h.ddb.send(new QueryCommand({ TableName: "restored", IndexName: "by-colour", KeyConditionExpression: "colour = :c", ExpressionAttributeValues: { ":c": { S: "blue" } } }));
    assert.equal(blue.Count, 1);
    const table = (await h.ddb.send(new DescribeTableCommand({ TableName: "restored" }))).Table!;
    assert.equal(table.RestoreSummary!.RestoreInProgress, false);

    await rejects(h.ddb.send(new RestoreTableFromBackupCommand({ BackupArn: arn, TargetTableName: "restored" })), "TableAlreadyExistsException", "Table already exists: restored");
    const deleted = await h.ddb.send(new DeleteBackupCommand({ BackupArn: arn }));
    assert.equal(deleted.BackupDescription!.BackupDetails!.BackupStatus, "DELETED");
    await rejects(h.ddb.send(new DescribeBackupCommand({ BackupArn: arn })), "BackupNotFoundException");
    await rejects(h.ddb.send(new DescribeBackupCommand({ BackupArn: `${arn}x` })), "ValidationException", "Invalid Backup ARN");
  });

  it("restores to any second of the recovery window", async () => {
    const before = await h.ddb.send(new DescribeContinuousBackupsCommand({ TableName: "source" }));
    assert.deepEqual(before.ContinuousBackupsDescription, { ContinuousBackupsStatus: "ENABLED", PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: "DISABLED" } });
    await rejects(
      h.ddb.send(new RestoreTableToPointInTimeCommand({ SourceTableName: "source", TargetTableName: "pitr-none", UseLatestRestorableTime: true })),
      "PointInTimeRecoveryUnavailableException",
    );
    const enabled = await h.ddb.send(
      new UpdateContinuousBackupsCommand({ TableName: "source", PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
    );
    const pitr = enabled.ContinuousBackupsDescription!.PointInTimeRecoveryDescription!;
    assert.equal(pitr.PointInTimeRecoveryStatus, "ENABLED");
    assert.equal(pitr.RecoveryPeriodInDays, 35);
    const t0 = clock.now(); // a, b, c exist (baseline)
    clock.advance(5000);
    await put("d");
    await h.ddb.send(new DeleteItemCommand({ TableName: "source", Key: { pk: { S: "a" } } }));
    const t1 = clock.now(); // b, c, d
    clock.advance(5000);
    await put("b", "green");
    await put("e");

    await h.ddb.send(new RestoreTableToPointInTimeCommand({ SourceTableName: "source", TargetTableName: "at-t0", RestoreDateTime: new Date(t0) }));
    await h.ddb.send(new RestoreTableToPointInTimeCommand({ SourceTableName: "source", TargetTableName: "at-t1", RestoreDateTime: new Date(t1) }));
    await h.ddb.send(new RestoreTableToPointInTimeCommand({ SourceTableName: "source", TargetTableName: "latest", UseLatestRestorableTime: true }));
    const keys = async (table: string) => ((await h.ddb.send(new ScanCommand({ TableName: table }))).Items ?? []).map((i) => i.pk!.S).sort();
    assert.deepEqual(await keys("at-t0"), ["a", "b", "c"]);
    assert.deepEqual(await keys("at-t1"), ["b", "c", "d"]);
    assert.deepEqual(await keys("latest"), ["b", "c", "d", "e"]);
    const b = await h.ddb.send(new GetItemCommand({ TableName: "latest", Key: { pk: { S: "b" } } }));
    assert.equal(b.Item!.colour!.S, "green");

    await rejects(
      h.ddb.send(new RestoreTableToPointInTimeCommand({ SourceTableName: "source", TargetTableName: "too-early", RestoreDateTime: new Date(t0 - 60_000) })),
      "InvalidRestoreTimeException",
    );
    await rejects(
      h.ddb.send(new RestoreTableToPointInTimeCommand({ SourceTableName: "source", TargetTableName: "both", RestoreDateTime: new Date(t0), UseLatestRestorableTime: true })),
      "ValidationException",
      "Invalid Request: Either one of RestoreDateTime or UseLatestRestorableTime must be specified, but not both",
    );
    await rejects(
      h.ddb.send(new UpdateContinuousBackupsCommand({ TableName: "source", PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false, RecoveryPeriodInDays: 3 } })),
      "ValidationException",
      "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.",
    );
    const disabled = await h.ddb.send(new UpdateContinuousBackupsCommand({ TableName: "source", PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false } }));
    assert.equal(disabled.ContinuousBackupsDescription!.PointInTimeRecoveryDescription!.PointInTimeRecoveryStatus, "DISABLED");
  });
});
