/**
 * Azure Monitor through OpenTelemetry, only when APPLICATIONINSIGHTS_CONNECTION_STRING is set: the
 * distro and the OpenTelemetry API are imported here dynamically, so without the setting none of
 * them is loaded. Requests become spans named by operation and carrying Power Automate's
 * correlation and tracking ids; the telemetry events become metrics; every log line also goes to
 * Azure Monitor's logs with the span it was written in.
 */
import { Writable } from 'node:stream';
import type { RequestHandler } from 'express';
import type { AppDeps } from '../http/context.ts';
import { listOperations } from '../http/openapi.ts';
import type { JobRow } from '../jobs/store.ts';
import { jobRecordDeltas, TELEMETRY, type DataverseRequestEvent, type WebhookDeliveryEvent } from './events.ts';

export interface AzureMonitor {
  /** A pino destination: each JSON line becomes an OpenTelemetry log record. */
  readonly logStream: Writable;
  /** Spans per request with the operation and Power Automate's ids; mount first. */
  readonly requests: RequestHandler;
  /** Turns the app's telemetry events into metrics. */
  attach(deps: AppDeps): void;
  /** Flushes and stops the exporters. */
  shutdown(): Promise<void>;
}

/** Power Automate's ids as it sends them, and the attribute each becomes. */
const CORRELATION_HEADERS: Record<string, string> = {
  'x-ms-correlation-request-id': 'powerautomate.correlation_id',
  'x-ms-client-tracking-id': 'powerautomate.tracking_id',
  'x-ms-workflow-run-id': 'powerautomate.run_id',
};
const SAFE_ID = /^[\w.:@-]{1,128}$/;
const SEVERITY: Record<number, [number, string]> = { 10: [1, 'TRACE'], 20: [5, 'DEBUG'], 30: [9, 'INFO'], 40: [13, 'WARN'], 50: [17, 'ERROR'], 60: [21, 'FATAL'] };

export async function startAzureMonitor(connectionString: string): Promise<AzureMonitor> {
  const { useAzureMonitor, shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    instrumentationOptions: { http: { enabled: true }, postgreSql: { enabled: true } },
  });
  const otel = await import('@opentelemetry/api');
  const { logs } = await import('@opentelemetry/api-logs');
  const tracer = otel.trace.getTracer('energy-cmms-api');
  const meter = otel.metrics.getMeter('energy-cmms-api');
  const logger = logs.getLogger('energy-cmms-api');
  const operations = new Map(listOperations().map((op) => [`${op.method.toUpperCase()} ${op.expressPath}`, op.operationId]));

  const requests: RequestHandler = (req, res, next) => {
    const ids: Record<string, string> = {};
    for (const [header, attribute] of Object.entries(CORRELATION_HEADERS)) {
      const v = req.headers[header];
      if (typeof v === 'string' && SAFE_ID.test(v)) ids[attribute] = v;
    }
    // The http instrumentation's span when it is active; our own otherwise (ESM modules loaded
    // before the distro are not patched), so every request is traced either way.
    const active = otel.trace.getActiveSpan();
    const span = active ?? tracer.startSpan(`${req.method} ${req.path}`, { kind: otel.SpanKind.SERVER });
    span.setAttributes({ ...ids, 'http.request.method': req.method });
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      const operation = route ? operations.get(`${req.method} ${route}`) : undefined;
      if (operation) {
        span.setAttribute('cmms.operation', operation);
        span.updateName(`${req.method} ${operation}`);
      }
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: otel.SpanStatusCode.ERROR });
      if (!active) span.end();
    });
    otel.context.with(otel.trace.setSpan(otel.context.active(), span), () => next());
  };

  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        const { level, msg, time, ...rest } = JSON.parse(chunk.toString('utf8')) as Record<string, unknown> & { level: number; msg?: string; time?: number };
        const [severityNumber, severityText] = SEVERITY[level] ?? [9, 'INFO'];
        const attributes: Record<string, string | number | boolean> = {};
        for (const [k, v] of Object.entries(rest)) {
          if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') attributes[k] = v;
          else if (v !== null && v !== undefined) attributes[k] = JSON.stringify(v);
        }
        logger.emit({ severityNumber, severityText, body: msg ?? '', attributes, ...(time ? { timestamp: time } : {}), context: otel.context.active() });
      } catch {
        // A line that is not pino's JSON is not ours to forward.
      }
      done();
    },
  });

  return {
    logStream,
    requests,
    attach(deps) {
      const dataverse = meter.createCounter('cmms.dataverse.requests', { description: 'Dataverse request attempts by outcome' });
      const retries = meter.createCounter('cmms.dataverse.retries', { description: 'Dataverse request attempts that repeated an earlier one' });
      const deliveries = meter.createCounter('cmms.webhook.deliveries', { description: 'Webhook delivery attempts by outcome' });
      const records = meter.createCounter('cmms.sync.records', { description: 'Records handled by sync jobs by entity and outcome' });
      const deltas = jobRecordDeltas();
      deps.events.on(TELEMETRY.dataverseRequest, (e: DataverseRequestEvent) => {
        dataverse.add(1, { outcome: e.outcome });
        if (e.retry) retries.add(1);
      });
      deps.events.on(TELEMETRY.webhookDelivery, (e: WebhookDeliveryEvent) => deliveries.add(1, { outcome: e.outcome }));
      deps.events.on(TELEMETRY.jobProgress, (job: JobRow) => {
        for (const d of deltas(job)) records.add(d.n, { entity: d.entity, outcome: d.outcome });
      });
    },
    shutdown: () => shutdownAzureMonitor(),
  };
}
