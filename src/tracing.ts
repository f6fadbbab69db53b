import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { GraphQLInstrumentation } from "@opentelemetry/instrumentation-graphql";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import { NodeSDK } from "@opentelemetry/sdk-node";

/**
 * OpenTelemetry traces (HTTP requests, GraphQL parse/validate/execute, SQL statements), sent
 * over OTLP/HTTP to `endpoint`. Must start before http, pg and graphql are loaded, which is why
 * main.ts loads the rest of the gateway only after this. The standard OTEL_* variables (e.g.
 * OTEL_BSP_SCHEDULE_DELAY) apply.
 */
export function startTracing(endpoint: string): { shutdown(): Promise<void> } {
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ?? "interview-graph",
    traceExporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, "")}/v1/traces` }),
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => request.url === "/metrics" || request.url === "/healthz" }),
      new GraphQLInstrumentation({ mergeItems: true }),
      // Statement texts, never their parameters (they hold whatever clients send).
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
