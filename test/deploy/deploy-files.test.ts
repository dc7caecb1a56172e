import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseAllDocuments, parse } from 'yaml';
import { ROOT } from '../helpers/load.js';
import { testApp } from '../helpers/app.js';

const read = (path: string) => readFileSync(`${ROOT}${path}`, 'utf8');

describe('deploy/kubernetes.yaml and kustomization.yaml', () => {
  test('regression: deploy/kubernetes.yaml has no placeholder ConfigMap to overwrite the real schedule', () => {
    const kinds = parseAllDocuments(read('deploy/kubernetes.yaml')).map((d) => (d.toJS() as { kind: string }).kind);
    assert.deepEqual(kinds, ['Deployment', 'Service']);
    const kustomization = parse(read('kustomization.yaml')) as {
      resources: string[];
      configMapGenerator: { name: string; files?: string[]; envs?: string[] }[];
    };
    assert.deepEqual(kustomization.resources, [
      'deploy/kubernetes.yaml',
      'deploy/pdb.yaml',
      'deploy/ingress.yaml',
      'deploy/remind-cronjob.yaml',
    ]);
    // Generated from the schedule in git, under the name the Deployment mounts.
    assert.deepEqual(kustomization.configMapGenerator, [
      { name: 'nedetid-schedule', files: ['schedule.yaml=config/schedule.yaml'] },
      { name: 'nedetid-settings', envs: ['deploy/settings.env'] },
    ]);
    for (const file of ['deploy/pdb.yaml', 'deploy/ingress.yaml'])
      assert.ok(!parseAllDocuments(read(file)).some((d) => (d.toJS() as { kind: string }).kind === 'ConfigMap'), file);
    assert.match(read('deploy/kubernetes.yaml'), /configMap: \{ name: nedetid-schedule \}/);
  });
});

describe('deploy/monitoring: alert and inhibit rules', () => {
  test('the alert rules and the inhibit rule use the metric and label the service exposes', async (t) => {
    const rules = parse(read('deploy/monitoring/nedetid-rules.yml')) as {
      groups: { rules: { alert: string; expr: string; labels: Record<string, string> }[] }[];
    };
    const maintenance = rules.groups[0]!.rules.find((r) => r.alert === 'PlannedMaintenance')!;
    assert.match(maintenance.expr, /max by \(system\) \(nedetid_maintenance_active\) == 1/);
    const alertmanager = parse(read('deploy/monitoring/alertmanager.yml')) as {
      inhibit_rules: { source_matchers: string[]; equal: string[] }[];
    };
    assert.deepEqual(alertmanager.inhibit_rules[0]!.source_matchers, ['alertname="PlannedMaintenance"']);
    assert.deepEqual(alertmanager.inhibit_rules[0]!.equal, ['system']);
    const { app } = testApp(t);
    assert.match((await app.inject('/metrics')).body, /^nedetid_maintenance_active\{system="visma"\} [01]$/m);
  });
});
