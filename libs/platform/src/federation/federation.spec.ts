/** A process's place in the federation: who it serves, what it reads, how it names what it sends; and the guard refusing agencies served elsewhere. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import request from 'supertest';
import { Bus, OutgoingMessage } from '@jm/bus';
import type { StoredEvent } from '@jm/event-sourcing';
import { AgencyRegistry, DeploymentRegistry } from '@jm/reference';
import { testKafkaBrokers, uniqueName } from '@jm/testing';
import { createServiceApp } from '../nest/service-app';
import { bearer, TEST_SECURITY_ENV } from '../testing/auth';
import { derivedMessageId, Federation } from './federation';

const root = join(__dirname, '../../../..');
const agencies = AgencyRegistry.fromFile(join(root, 'config/agencies.json'));
const registry = DeploymentRegistry.fromFile(join(root, 'config/deployments.json'), agencies);

/** A bus that keeps what it is asked to send: the thing under test is the naming, not Kafka. */
class KeptBus {
  readonly sent: Array<{ topic: string; message: OutgoingMessage }> = [];
  async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    for (const message of messages) this.sent.push({ topic, message });
  }
}

const federationOf = (id: string | undefined, bus = new KeptBus()) =>
  new Federation(id ? registry : DeploymentRegistry.empty(agencies), id ? registry.get(id) : undefined, bus as unknown as Bus, 'env1.');

const cause = {
  id: 'e-1',
  streamId: 'case-1',
  streamVersion: 3,
  position: 41,
  time: '2026-12-04T00:00:00.000Z',
  correlationId: 'c',
  causationId: 'x',
  hash: 'h',
  prevHash: 'p',
  actor: { user: 'u', agency: 'lc-office' },
} as unknown as StoredEvent;

describe('Federation', () => {
  it('given no deployment, then every agency is served, nothing is read from elsewhere and nothing can be sent', async () => {
    const alone = federationOf(undefined);
    expect(alone.enabled).toBe(false);
    expect(alone.namespace).toBe('env1.');
    expect(alone.servesAgency('qz-office')).toBe(true);
    expect(alone.remoteDeploymentOf('qz-office')).toBeUndefined();
    expect(alone.subscriptionsOf('cases')).toEqual([]);
    await expect(alone.send('qz', cause, { type: 'X', version: 1, data: {} })).rejects.toThrow('DEPLOYMENT is not set');
  });

  it('given the district deployment lc, then it serves its own agencies, reads its inbox from every peer and names the deployment of others', () => {
    const lc = federationOf('lc');
    expect(lc.namespace).toBe('env1.lc.');
    expect(lc.servesAgency('lc-st-haibin')).toBe(true);
    expect(lc.remoteDeploymentOf('qz-office')?.id).toBe('qz');
    expect(lc.subscriptionsOf('cases')).toEqual(['env1.fed.fj.to.lc.v1', 'env1.fed.fz.to.lc.v1', 'env1.fed.qz.to.lc.v1']);
    expect(lc.subscriptionsOf('intake')).toEqual([]);
    // Nothing is below a district: its reporting reads no anchors.
    expect(lc.descendantAnchorTopics()).toEqual([]);
    expect(() => lc.assertServes('qz-police', 'Reading cases')).toThrow(/does not serve: send it to the deployment qz \(泉州市联席会议平台\)/);
  });

  it('given the city deployment qz, then its reporting reads the anchors of the districts below it and never its own', () => {
    const qz = federationOf('qz');
    expect(qz.descendantAnchorTopics()).toEqual(['env1.fed.fz.anchors.v1', 'env1.fed.lc.anchors.v1']);
    expect(federationOf('fj').descendantAnchorTopics()).toEqual(['env1.fed.fz.anchors.v1', 'env1.fed.lc.anchors.v1', 'env1.fed.qz.anchors.v1']);
    expect(qz.senderOf('env1.fed.lc.to.qz.v1')?.id).toBe('lc');
    expect(qz.senderOf('env1.lc.cases.events.v1')).toBeUndefined();
    expect(qz.senderOf('other.fed.lc.to.qz.v1')).toBeUndefined();
  });

  it('given one event sent twice, then the same message id goes out; another addressee or type gets another id', async () => {
    const bus = new KeptBus();
    const lc = federationOf('lc', bus);
    const first = await lc.send('qz', cause, { type: 'CaseEscalatedToCity', version: 1, data: { a: 1 } });
    const again = await lc.send('qz', cause, { type: 'CaseEscalatedToCity', version: 1, data: { a: 1 } });
    const other = await lc.send('fz', cause, { type: 'CaseEscalatedToCity', version: 1, data: { a: 1 } });
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(bus.sent.map((s) => s.topic)).toEqual(['env1.fed.lc.to.qz.v1', 'env1.fed.lc.to.qz.v1', 'env1.fed.lc.to.fz.v1']);
    const body = JSON.parse(bus.sent[0].message.value);
    expect(body.envelope).toMatchObject({ id: first, causationId: 'e-1', streamId: 'case-1' });
    expect(bus.sent[0].message.headers['federation-from']).toBe('lc');
    await expect(lc.send('lc', cause, { type: 'X', version: 1, data: {} })).rejects.toThrow('not another deployment');
    expect(derivedMessageId('a')).not.toBe(derivedMessageId('b'));
  });
});

@Controller('probe')
class ProbeController {
  @Get('who')
  who(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('a deployment at the HTTP edge', () => {
  let app: INestApplication;
  const dir = mkdtempSync(join(tmpdir(), 'jm-fed-'));

  beforeAll(async () => {
    const created = await createServiceApp('cases', ProbeModule, {
      env: {
        ...TEST_SECURITY_ENV,
        LOG_LEVEL: 'silent',
        SQLITE_PATH: join(dir, 'events.sqlite'),
        READ_MODEL_SQLITE_PATH: join(dir, 'read.sqlite'),
        BUS: 'kafka',
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_TOPIC_PREFIX: `${uniqueName('fedguard').toLowerCase()}.`,
        DEPLOYMENT: 'lc',
      },
    });
    app = created.app;
    await app.init();
  });
  afterAll(async () => app?.close());

  it('given a token of an agency another deployment serves, then 403 naming that deployment; its own agencies pass', async () => {
    await request(app.getHttpServer())
      .get('/probe/who')
      .set(bearer('lc-police', ['unit_officer']))
      .expect(200);
    const refused = await request(app.getHttpServer())
      .get('/probe/who')
      .set(bearer('qz-office', ['office_officer']))
      .expect(403);
    expect(refused.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(refused.body.detail).toContain('this deployment (lc, 鲤城区联席会议平台) does not serve');
    expect(refused.body.detail).toContain('send it to the deployment qz (泉州市联席会议平台)');
    const other = await request(app.getHttpServer())
      .get('/probe/who')
      .set(bearer('fz-police', ['unit_officer']))
      .expect(403);
    expect(other.body.detail).toContain('deployment fz');
  });

  it('given an unknown deployment id, then the service does not start and says which ones exist', async () => {
    await expect(
      createServiceApp('cases', ProbeModule, {
        env: {
          ...TEST_SECURITY_ENV,
          LOG_LEVEL: 'silent',
          SQLITE_PATH: join(dir, 'e2.sqlite'),
          READ_MODEL_SQLITE_PATH: join(dir, 'r2.sqlite'),
          BUS: 'kafka',
          KAFKA_BROKERS: testKafkaBrokers().join(','),
          DEPLOYMENT: 'xm',
        },
      }).then(({ app: started }) => started.init().then(() => started.close())),
    ).rejects.toThrow('one of the deployments in config/deployments.json: lc, fz, qz, fj');
  });
});
