// The inputs of the operations the provider implements, as the protocol layer parses them
// (member names exactly as in models/logs/service-2.json; longs are numbers).

export interface LogGroupRef {
  logGroupName?: string;
  logGroupIdentifier?: string;
}

export interface CreateLogGroupInput {
  logGroupName: string;
  kmsKeyId?: string;
  tags?: Record<string, string>;
  logGroupClass?: string;
  deletionProtectionEnabled?: boolean;
}

export interface DescribeLogGroupsInput {
  logGroupNamePrefix?: string;
  logGroupNamePattern?: string;
  logGroupIdentifiers?: string[];
  logGroupClass?: string;
  nextToken?: string;
  limit?: number;
  includeLinkedAccounts?: boolean;
  accountIdentifiers?: string[];
}

export interface DescribeLogStreamsInput extends LogGroupRef {
  logStreamNamePrefix?: string;
  orderBy?: "LogStreamName" | "LastEventTime";
  descending?: boolean;
  nextToken?: string;
  limit?: number;
}

export interface PutLogEventsInput {
  logGroupName: string;
  logStreamName: string;
  logEvents: { timestamp: number; message: string }[];
  sequenceToken?: string;
}

export interface GetLogEventsInput extends LogGroupRef {
  logStreamName: string;
  startTime?: number;
  endTime?: number;
  nextToken?: string;
  limit?: number;
  startFromHead?: boolean;
}

export interface FilterLogEventsInput extends LogGroupRef {
  logStreamNames?: string[];
  logStreamNamePrefix?: string;
  startTime?: number;
  endTime?: number;
  filterPattern?: string;
  nextToken?: string;
  limit?: number;
  interleaved?: boolean;
}
