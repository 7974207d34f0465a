/** OpenAPI for every service: the document at /docs-json, Swagger UI at /docs (public, like /health). */
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { ServiceName } from '../bus/topology';

const TITLES: Record<ServiceName, string> = {
  intake: 'Intake: leads in (线索受理)',
  cases: 'Cases: triage, cases, joint meetings (线索分办、案件、联席会议)',
  notifications: 'Notifications: deadlines and reminders (时限与提醒)',
  reporting: 'Reporting: ledgers, statistics, audit (台账、统计、审计)',
};

export function setupOpenApi(app: INestApplication, service: ServiceName): void {
  const config = new DocumentBuilder()
    .setTitle(TITLES[service])
    .setDescription(
      'Commands answer with the stream version (body and ETag); send it back as If-Match to refuse a stale write (409). ' +
        'Idempotency-Key (a UUID) makes a retried command append nothing twice. Errors are RFC 9457 problem details; titles are zh-CN, English with Accept-Language: en.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), { jsonDocumentUrl: 'docs-json' });
}
