// A stage's accessLogSettings: what UpdateStage accepts, and where the data plane delivers.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-access-logging.html
// - destinationArn: a CloudWatch Logs log group ARN (arn:aws:logs:{region}:{account}:log-group:{name},
//   ":*" tolerated as the console copies it) or a Kinesis Data Firehose delivery stream whose
//   name begins with "amazon-apigateway-";
// - format: one line (a new line only at its very end) that includes $context.requestId or
//   $context.extendedRequestId.
// AWS checks the values when /accessLogSettings/destinationArn or /format is patched (CreateStage
// takes no access log settings). The wording of these messages is Nimbus's best knowledge of
// AWS's (the empty-value message is recorded, test_stage_access_log_settings_validation).
import { parseArn } from "../../aws/arn.js";
import { badRequest } from "./errors.js";

export interface LogGroupDestination {
  kind: "logs";
  accountId: string;
  region: string;
  logGroupName: string;
}

export interface FirehoseDestination {
  kind: "firehose";
  deliveryStreamName: string;
}

const LOG_GROUP_NAME = /^[A-Za-z0-9_\-/.#]{1,512}$/;

/** What a destinationArn names, or undefined when it names nothing access logs can go to. */
export function parseDestination(arn: string): LogGroupDestination | FirehoseDestination | undefined {
  const parsed = parseArn(arn);
  if (!parsed) return undefined;
  if (parsed.service === "logs") {
    const match = /^log-group:([^:]+)(?::\*)?$/.exec(parsed.resource);
    if (!match || !LOG_GROUP_NAME.test(match[1]!) || !/^\d{12}$/.test(parsed.accountId) || !parsed.region) return undefined;
    return { kind: "logs", accountId: parsed.accountId, region: parsed.region, logGroupName: match[1]! };
  }
  if (parsed.service === "firehose") {
    const match = /^deliverystream\/(amazon-apigateway-[A-Za-z0-9_.-]+)$/.exec(parsed.resource);
    return match ? { kind: "firehose", deliveryStreamName: match[1]! } : undefined;
  }
  return undefined;
}

export function validateDestinationArn(value: string): void {
  if (!value.startsWith("arn:")) throw badRequest(`Invalid ARN specified in the request. ARNs must start with 'arn:': ${value}`);
  if (!parseDestination(value)) {
    throw badRequest("Invalid ARN specified in the request. The ARN must be a valid CloudWatch Logs log group or Kinesis Data Firehose delivery stream ARN.");
  }
}

const REQUEST_ID = /\$(?:context\.|\{context\.)(?:requestId|extendedRequestId)(?![A-Za-z0-9_])/;

export function validateFormat(value: string): void {
  const line = value.endsWith("\r\n") ? value.slice(0, -2) : value.endsWith("\n") ? value.slice(0, -1) : value;
  if (/[\r\n]/.test(line)) throw badRequest("Access Log format must be single line, new line character is allowed only at end of the format");
  if (!REQUEST_ID.test(value)) throw badRequest("Access Log format must include either $context.requestId or $context.extendedRequestId");
}
