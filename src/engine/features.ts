// The feature modules of single-program mode, in the order their hooks run.
import type { FeatureModule } from "./feature.ts";
import { healthFeature } from "../health/feature.ts";
import { rollbackFeature } from "./rollback.ts";
import { outputFeature } from "../output/feature.ts";

export const FEATURE_MODULES: readonly FeatureModule[] = [
  healthFeature,
  rollbackFeature,
  outputFeature,
];
