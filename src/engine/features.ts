// The feature modules of single-program mode, in the order their hooks run.
import type { FeatureModule } from "./feature.ts";

export const FEATURE_MODULES: readonly FeatureModule[] = [
];
