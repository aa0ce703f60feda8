/** The fake's model-catalogue operations and what it records of each request (a leaf: the fake's types use it). */
export type ModelOperation = "GetFoundationModel" | "ListFoundationModels" | "GetInferenceProfile" | "GetFoundationModelAvailability";

export interface ModelRequest {
  operation: ModelOperation;
  identifier?: string;
  region: string;
}
