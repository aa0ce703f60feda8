/**
 * The batch bucket: it exists, lives in the region of the batch jobs (Bedrock refuses a bucket in another region),
 * and the bot may put, read back and delete an object under `[batch] prefix` — a small test object, removed again.
 */
import { DeleteObjectCommand, GetBucketLocationCommand, GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { fail, ok, warn, type CheckResult } from "../check-result.ts";
import { describeAwsError, isAccessDenied } from "./describe-aws-error.ts";

const POLICY_FIX = "allow s3:PutObject, s3:GetObject and s3:DeleteObject under the prefix: `bedrock-bot iam policy --role bot`";

/** GetBucketLocation's answer as a region: empty is us-east-1, "EU" is the legacy name of eu-west-1. */
function bucketRegion(locationConstraint: string | undefined): string {
  if (locationConstraint === undefined || locationConstraint === "") return "us-east-1";
  return locationConstraint === "EU" ? "eu-west-1" : locationConstraint;
}

export async function checkBatchBucket(input: { bucket: string; prefix: string; region: string; s3: S3Client; testKey: string }): Promise<CheckResult[]> {
  const { bucket, prefix, region, s3 } = input;
  const subject = `s3://${bucket}/${prefix}`;
  const results: CheckResult[] = [];
  try {
    const location = bucketRegion((await s3.send(new GetBucketLocationCommand({ Bucket: bucket }))).LocationConstraint);
    if (location !== region) {
      return [fail("batch.bucket", subject, `bucket is in ${location}, the batch jobs run in ${region}`, `Bedrock reads only buckets of its own region: use a bucket in ${region}, or run batch through a provider in ${location} ([batch] provider)`)];
    }
    results.push(ok("batch.bucket", subject, `exists in ${region}`));
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    if (name === "NoSuchBucket") return [fail("batch.bucket", subject, `bucket ${bucket} does not exist`, `create it in ${region} (aws s3 mb s3://${bucket} --region ${region}) or fix [batch] bucket`)];
    if (!isAccessDenied(error)) return [fail("batch.bucket", subject, `cannot reach the bucket: ${describeAwsError(error)}`, "check [batch] bucket and the provider's s3_endpoint")];
    // The bot itself never needs the region call: say what could not be checked, and go on with the object test.
    results.push(warn("batch.bucket", subject, `cannot tell the bucket's region: ${describeAwsError(error)}`, `allow s3:GetBucketLocation on the bucket (\`bedrock-bot iam policy --role bot\`), or make sure it is in ${region}`));
  }
  const key = `${prefix}${input.testKey}`;
  const body = "bedrock-bot doctor test object; safe to delete";
  try {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "text/plain" }));
  } catch (error) {
    return [...results, fail("batch.bucket.write", subject, `cannot put ${key}: ${describeAwsError(error)}`, POLICY_FIX)];
  }
  try {
    const read = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = (await read.Body?.transformToString()) ?? "";
    if (text !== body) results.push(fail("batch.bucket.write", subject, `read back ${key} but its content differs`, "an S3 proxy or endpoint alters objects: check s3_endpoint"));
  } catch (error) {
    results.push(fail("batch.bucket.write", subject, `put ${key} but cannot read it back: ${describeAwsError(error)}`, POLICY_FIX));
  }
  try {
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  } catch (error) {
    results.push(fail("batch.bucket.write", subject, `cannot delete the test object ${key}: ${describeAwsError(error)} (delete it by hand)`, POLICY_FIX));
  }
  if (results.every((result) => result.check === "batch.bucket")) results.push(ok("batch.bucket.write", subject, "put, read back and deleted a test object under the prefix"));
  return results;
}

