// CloudWatch Logs errors, worded as AWS words them. All are HTTP 400 (the model's exceptions
// carry no status, and AWS answers every client error of this service with 400).
import { ServiceError } from "../../aws/errors.js";

export const invalidParameter = (message: string) => new ServiceError("InvalidParameterException", message, 400);

export const logsErrors = {
  groupAlreadyExists: () => new ServiceError("ResourceAlreadyExistsException", "The specified log group already exists", 400),
  streamAlreadyExists: () => new ServiceError("ResourceAlreadyExistsException", "The specified log stream already exists", 400),
  groupNotFound: () => new ServiceError("ResourceNotFoundException", "The specified log group does not exist.", 400),
  streamNotFound: () => new ServiceError("ResourceNotFoundException", "The specified log stream does not exist.", 400),
  resourceNotFound: () => new ServiceError("ResourceNotFoundException", "The specified resource does not exist.", 400),
  invalidNextToken: () => invalidParameter("The specified nextToken is invalid."),
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/protecting-log-groups-from-deletion.html
  deletionProtected: () =>
    new ServiceError("ValidationException", "Cannot delete log group with deletion protection enabled. Disable deletion protection first.", 400),
  tooManyTags: (resourceArn: string) =>
    new ServiceError("TooManyTagsException", "A resource can have no more than 50 tags.", 400, { fields: { resourceName: resourceArn } }),
};
