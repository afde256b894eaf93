import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { type MetricName, metricNames, metricNamespace } from '../../infra/metrics';
import { stage } from './config';
import { logger, powertoolsLogger } from './logger';

export { metricNames };

/**
 * Custom metrics (Powertools Metrics, CloudWatch embedded metric format): counted during a call,
 * written as one EMF log line when it ends (`instrumented()` on Lambda, `publishMetrics()` after
 * each request of the local server). The namespace and the `service` dimension come from
 * POWERTOOLS_METRICS_NAMESPACE and POWERTOOLS_SERVICE_NAME, set per function by the CDK
 * construct (infra/constructs/node-function.ts). Off in the tests (POWERTOOLS_METRICS_DISABLED).
 */
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || metricNamespace(stage()),
  serviceName: process.env.POWERTOOLS_SERVICE_NAME || 'carnet',
  // A call that counted nothing is the common case, not a warning worth a log line each time.
  logger: {
    debug: (...content: unknown[]) => logger.debug(content.map(String).join(' ')),
    info: (...content: unknown[]) => logger.info(content.map(String).join(' ')),
    warn: (...content: unknown[]) => {
      const text = content.map(String).join(' ');
      if (!text.startsWith('No application metrics to publish')) logger.warn(text);
    },
    error: (...content: unknown[]) => logger.error(content.map(String).join(' ')),
  },
});

/** Adds `value` to a count of this call (`metricNames.sends`, `metricNames.bounces`…). */
export function count(name: MetricName, value = 1): void {
  if (value > 0) metrics.addMetric(name, MetricUnit.Count, value);
}

/** Writes what was counted so far (outside Lambda: after each request of the local server). */
export function publishMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

/**
 * A Lambda entry with Carnet's logging and metrics: Powertools' Lambda context in every log line
 * (cold start, request id) and the counted metrics flushed at the end of each invocation. Every
 * function's `handler` is `instrumented(handle)`. No ColdStart metric: each custom metric is
 * billed monthly, and `cold_start` is in the log lines (docs/decisions.md, "Observability").
 */
export function instrumented<TEvent, TResult>(handler: (event: TEvent, context: Context) => Promise<TResult>) {
  return middy(handler)
    .use(injectLambdaContext(powertoolsLogger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
