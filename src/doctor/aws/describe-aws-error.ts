/** An SDK error as `Name: message`, and whether it is a refusal by IAM (as opposed to "not there" or a network fault). */
export function describeAwsError(error: unknown): string {
  if (error instanceof Error) return error.message === "" ? error.name : `${error.name}: ${error.message}`;
  return String(error);
}

/** The exception name of an SDK error (`AccessDeniedException`, `NoSuchEntityException`), or undefined. */
function awsErrorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/** IAM said no: the identity lacks the permission for this call (so the check cannot tell, rather than failing). */
export function isAccessDenied(error: unknown): boolean {
  const name = awsErrorName(error) ?? "";
  return name === "AccessDeniedException" || name === "AccessDenied" || name === "UnauthorizedOperation" || name === "AccessDeniedFault";
}

export function isNotFound(error: unknown): boolean {
  const name = awsErrorName(error) ?? "";
  return name === "ResourceNotFoundException" || name === "NoSuchEntityException" || name === "NoSuchBucket" || name === "NotFound" || name === "ValidationException";
}
