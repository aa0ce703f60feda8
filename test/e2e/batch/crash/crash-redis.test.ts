import { describeCrashSuite } from "./run-crash-suite.ts";

describeCrashSuite("redis");
