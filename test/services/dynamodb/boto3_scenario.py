# DynamoDB through boto3 (the resource and client APIs, the table_exists waiter, batch_writer,
# conditions builders, transactions, PartiQL, streams, TTL and point-in-time recovery) against
# a Nimbus node. Run by clients.test.ts with the endpoint as argv[1]; prints one JSON result.
import json
import sys
from decimal import Decimal

import boto3
from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
client = session.client("dynamodb", endpoint_url=endpoint)
resource = session.resource("dynamodb", endpoint_url=endpoint)
streams = session.client("dynamodbstreams", endpoint_url=endpoint)
out = {}

table = resource.create_table(
    TableName="boto-scores",
    KeySchema=[{"AttributeName": "student", "KeyType": "HASH"}, {"AttributeName": "subject", "KeyType": "RANGE"}],
    AttributeDefinitions=[
        {"AttributeName": "student", "AttributeType": "S"},
        {"AttributeName": "subject", "AttributeType": "S"},
        {"AttributeName": "score", "AttributeType": "N"},
    ],
    GlobalSecondaryIndexes=[
        {
            "IndexName": "TopScoreIndex",
            "KeySchema": [{"AttributeName": "subject", "KeyType": "HASH"}, {"AttributeName": "score", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"},
        }
    ],
    BillingMode="PAY_PER_REQUEST",
    StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
)
table.wait_until_exists()
table.reload()
out["status"] = table.table_status

with table.batch_writer() as batch:
    for i in range(30):
        batch.put_item(Item={"student": f"s{i:02d}", "subject": "math" if i % 2 else "art", "score": Decimal(i), "tags": {"a", "b"}})

top = table.query(IndexName="TopScoreIndex", KeyConditionExpression=Key("subject").eq("math") & Key("score").gte(20), ScanIndexForward=False)
out["top"] = [int(i["score"]) for i in top["Items"]]
scan = table.scan(FilterExpression=Attr("score").between(10, 12))
out["scanned"] = sorted(i["student"] for i in scan["Items"])

table.update_item(
    Key={"student": "s01", "subject": "math"},
    UpdateExpression="SET score = score + :inc ADD tags :t",
    ExpressionAttributeValues={":inc": Decimal("0.5"), ":t": {"c"}},
)
item = table.get_item(Key={"student": "s01", "subject": "math"})["Item"]
out["updated"] = [str(item["score"]), sorted(item["tags"])]

try:
    table.put_item(Item={"student": "s01", "subject": "math"}, ConditionExpression="attribute_not_exists(student)")
except ClientError as error:
    out["conditional"] = error.response["Error"]["Code"]

client.transact_write_items(
    TransactItems=[
        {"Put": {"TableName": "boto-scores", "Item": {"student": {"S": "tx"}, "subject": {"S": "art"}, "score": {"N": "1"}}}},
        {"Delete": {"TableName": "boto-scores", "Key": {"student": {"S": "s00"}, "subject": {"S": "art"}}}},
    ]
)
rows = client.execute_statement(Statement="SELECT student FROM \"boto-scores\" WHERE student = ?", Parameters=[{"S": "tx"}])
out["partiql"] = rows["Items"]

description = client.describe_table(TableName="boto-scores")["Table"]
arn = description["LatestStreamArn"]
shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
records = []
while iterator and len(records) < 40:
    page = streams.get_records(ShardIterator=iterator, Limit=25)
    records.extend(page["Records"])
    if not page["Records"]:
        break
    iterator = page.get("NextShardIterator")
out["events"] = [r["eventName"] for r in records][-3:]
out["record_keys"] = sorted(records[-1]["dynamodb"]["Keys"].keys())

client.update_time_to_live(TableName="boto-scores", TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
out["ttl"] = client.describe_time_to_live(TableName="boto-scores")["TimeToLiveDescription"]["TimeToLiveStatus"]
pitr = client.update_continuous_backups(TableName="boto-scores", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
out["pitr"] = pitr["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"]
client.restore_table_to_point_in_time(SourceTableName="boto-scores", TargetTableName="boto-restored", UseLatestRestorableTime=True)
resource.Table("boto-restored").wait_until_exists()
out["restored_count"] = client.scan(TableName="boto-restored", Select="COUNT")["Count"]

paginator = client.get_paginator("scan")
out["paged"] = sum(len(page["Items"]) for page in paginator.paginate(TableName="boto-scores", PaginationConfig={"PageSize": 7}))

table.delete()
table.wait_until_not_exists()
out["tables"] = client.list_tables()["TableNames"]
print(json.dumps(out))
