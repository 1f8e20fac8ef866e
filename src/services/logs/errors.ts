// CloudWatch Logs errors, worded as AWS words them (the generated error classes carry the codes
// and HTTP statuses of models/logs/service-2.json).
import {
  InvalidParameterException,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  TooManyTagsException,
  ValidationException,
} from "../../aws/generated/logs.js";

export const invalidParameter = (message: string) => new InvalidParameterException(message);

export const logsErrors = {
  groupAlreadyExists: () => new ResourceAlreadyExistsException("The specified log group already exists"),
  streamAlreadyExists: () => new ResourceAlreadyExistsException("The specified log stream already exists"),
  groupNotFound: () => new ResourceNotFoundException("The specified log group does not exist."),
  streamNotFound: () => new ResourceNotFoundException("The specified log stream does not exist."),
  resourceNotFound: () => new ResourceNotFoundException("The specified resource does not exist."),
  invalidNextToken: () => invalidParameter("The specified nextToken is invalid."),
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/protecting-log-groups-from-deletion.html
  deletionProtected: () => new ValidationException("Cannot delete log group with deletion protection enabled. Disable deletion protection first."),
  tooManyTags: (resourceArn: string) => new TooManyTagsException("A resource can have no more than 50 tags.", { resourceName: resourceArn }),
};
