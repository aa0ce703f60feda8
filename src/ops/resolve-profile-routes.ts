/**
 * Where each configured inference profile routes, read from Bedrock: GetInferenceProfile returns the profile's ARN
 * (with the account) and `models[].modelArn`, one foundation-model ARN per region it may send a request to.
 */
import { GetInferenceProfileCommand, type BedrockClient } from "@aws-sdk/client-bedrock";
import type { ProfileRoutes } from "../iam/model-grants.ts";

export type ProfileKey = `${string}@${string}`;

export function profileKey(profileId: string, region: string): ProfileKey {
  return `${profileId}@${region}`;
}

/** One GetInferenceProfile call; throws the SDK's error (ResourceNotFoundException, AccessDeniedException...). */
export async function fetchProfileRoutes(control: BedrockClient, profileId: string): Promise<ProfileRoutes> {
  const profile = await control.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: profileId }));
  return {
    profileArn: profile.inferenceProfileArn ?? "",
    foundationModelArns: (profile.models ?? []).flatMap((model) => (model.modelArn === undefined ? [] : [model.modelArn])),
  };
}
