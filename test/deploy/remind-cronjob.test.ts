import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';
import { ROOT, SHIPPED } from '../helpers/load.js';
import { runCli } from '../helpers/run-cli.js';
import { answerWith, webhookReceiver } from '../notify/webhook-receivers.js';

interface Container {
  command: string[];
  env: { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }[];
  volumeMounts: { name: string; mountPath: string }[];
}
interface CronJob {
  kind: string;
  spec: {
    schedule: string;
    concurrencyPolicy: string;
    jobTemplate: {
      spec: {
        backoffLimit: number;
        template: { spec: { containers: Container[]; volumes: { configMap: { name: string } }[] } };
      };
    };
  };
}

const cronJob = parse(readFileSync(`${ROOT}deploy/remind-cronjob.yaml`, 'utf8')) as CronJob;
const container = cronJob.spec.jobTemplate.spec.template.spec.containers[0]!;

describe('deploy/remind-cronjob.yaml', () => {
  it('runs remind once per period of its --every, one run at a time, never re-run by the Job', () => {
    assert.equal(cronJob.kind, 'CronJob');
    const every = container.command[container.command.indexOf('--every') + 1];
    assert.deepEqual([cronJob.spec.schedule, every], ['*/15 * * * *', 'PT15M']);
    assert.equal(cronJob.spec.concurrencyPolicy, 'Forbid');
    assert.equal(cronJob.spec.jobTemplate.spec.backoffLimit, 0);
  });

  it('takes the webhook from a Secret and the schedule from the ConfigMap the Deployment mounts', () => {
    const hook = container.env.find((e) => e.name === 'NEDETID_WEBHOOK_URL')!;
    assert.deepEqual(hook.valueFrom, { secretKeyRef: { name: 'nedetid-webhook', key: 'url' } });
    assert.doesNotMatch(
      readFileSync(`${ROOT}deploy/remind-cronjob.yaml`, 'utf8'),
      /https:\/\/[^\s]*(webhook|workflows|hooks)/,
    );
    const deployment = parseAllDocuments(readFileSync(`${ROOT}deploy/kubernetes.yaml`, 'utf8'))[0]!.toJS() as {
      spec: { template: { spec: { volumes: { configMap: { name: string } }[] } } };
    };
    assert.equal(
      cronJob.spec.jobTemplate.spec.template.spec.volumes[0]!.configMap.name,
      deployment.spec.template.spec.volumes[0]!.configMap.name,
    );
    const config = container.env.find((e) => e.name === 'NEDETID_CONFIG')!.value!;
    assert.ok(config.startsWith(container.volumeMounts[0]!.mountPath + '/'));
  });

  it('its command is one remind accepts', async (t) => {
    const hook = await webhookReceiver(t, answerWith(200));
    assert.deepEqual(container.command.slice(0, 3), ['node', 'bin/nedetid', 'remind']);
    const r = await runCli([...container.command.slice(2), '--config', SHIPPED], {
      NEDETID_WEBHOOK_URL: hook.url,
      // A day before the regional window of Wednesday 2022-06-22 16:00.
      NEDETID_NOW: '2022-06-21T16:05',
    });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^reminded: P1D before gjovikregionen-manedlig at 2022-06-22 16:00$/m);
    assert.equal(hook.exchanges.length, 1);
  });
});
