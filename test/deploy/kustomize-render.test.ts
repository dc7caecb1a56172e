import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { CronJob } from 'kubernetes-models/batch/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { parseAllDocuments } from 'yaml';
import { readSettings } from '../../src/settings.js';
import { ROOT } from '../helpers/load.js';

/** What `kubectl apply -k .` would send: kustomize's rendering of the repository root. */
const rendered = parseAllDocuments(execFileSync('kubectl', ['kustomize', ROOT], { encoding: 'utf8' })).map(
  (d) => d.toJS() as { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> } },
);
// The schemas of the Kubernetes API (the OpenAPI definitions kubernetes-models ships), offline.
const models = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/CronJob': CronJob,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/Ingress': Ingress,
} as const;
const one = <T>(kind: string) => {
  const found = rendered.filter((o) => o.kind === kind);
  assert.equal(found.length, 1, kind);
  return found[0] as T;
};

interface Container {
  image: string;
  env: { name: string; value: string }[];
  envFrom: { configMapRef: { name: string } }[];
  resources: { limits: { memory: string }; requests: { memory: string } };
  securityContext: Record<string, unknown>;
}
interface DeploymentShape {
  spec: {
    replicas: number;
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        securityContext: Record<string, unknown>;
        containers: Container[];
        volumes: { configMap: { name: string } }[];
      };
    };
  };
}
const deployment = one<DeploymentShape>('Deployment');
const pod = deployment.spec.template.spec;
const container = pod.containers[0]!;
/** The generated ConfigMap whose name starts with `prefix-` (kustomize adds a hash of its content). */
const configMap = (prefix: string) => {
  const found = rendered.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith(`${prefix}-`));
  assert.ok(found, prefix);
  return found as unknown as { metadata: { name: string }; data: Record<string, string> };
};
/** A Kubernetes memory quantity in MiB. */
const mebibytes = (quantity: string) => {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  assert.ok(match, `memory quantity ${quantity} (write it in Mi or Gi)`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
};

describe('kustomization.yaml, rendered by kubectl kustomize', () => {
  it('renders the objects an operator applies, each valid against the Kubernetes API schema', () => {
    assert.deepEqual(rendered.map((o) => `${o.kind}/${o.metadata.name.replace(/-[a-z0-9]{10}$/, '-<hash>')}`).sort(), [
      'ConfigMap/nedetid-schedule-<hash>',
      'ConfigMap/nedetid-settings-<hash>',
      'CronJob/nedetid-remind',
      'Deployment/nedetid',
      'Ingress/nedetid',
      'PodDisruptionBudget/nedetid',
      'Service/nedetid',
    ]);
    for (const object of rendered) {
      const Model = models[`${object.apiVersion}/${object.kind}` as keyof typeof models];
      assert.ok(Model, `${object.apiVersion} ${object.kind} has no schema here`);
      assert.doesNotThrow(() => new Model(object).validate(), `${object.kind}/${object.metadata.name}`);
    }
  });

  it('the schema check fails on a manifest the API server would refuse', () => {
    const broken = structuredClone(deployment) as unknown as { spec: { replicas: unknown } };
    broken.spec.replicas = 'two';
    assert.throws(() => new Deployment(broken as never).validate(), /replicas must be integer/);
  });
});

describe('the rendered Deployment', () => {
  it('runs the image named in images:, not a fixed registry path', () => {
    const cron = one<{ spec: { jobTemplate: { spec: { template: { spec: { containers: { image: string }[] } } } } } }>(
      'CronJob',
    );
    assert.equal(cron.spec.jobTemplate.spec.template.spec.containers[0]!.image, 'registry.example.no/nedetid:0.1.0');
    assert.equal(container.image, 'registry.example.no/nedetid:0.1.0');
  });

  it('runs as non-root, read-only, with no capabilities and the runtime default seccomp profile', () => {
    assert.deepEqual(pod.securityContext, {
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    assert.deepEqual(container.securityContext, {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('takes the site settings from the generated settings ConfigMap, and they are valid settings', () => {
    const settings = configMap('nedetid-settings');
    assert.deepEqual(container.envFrom, [{ configMapRef: { name: settings.metadata.name } }]);
    assert.ok(!container.env.some((e) => e.name in settings.data), 'a setting is also written in the Deployment');
    const read = readSettings({ ...settings.data, ...Object.fromEntries(container.env.map((e) => [e.name, e.value])) });
    assert.equal(read.publicUrl, 'https://nedetid.example.no');
    assert.deepEqual(pod.volumes, [
      { configMap: { name: configMap('nedetid-schedule').metadata.name }, name: 'schedule' },
    ]);
  });

  it("sets the load worker's heap, and the memory limit leaves room for it, its young generation and the server", () => {
    const heapMb = readSettings(Object.fromEntries(container.env.map((e) => [e.name, e.value]))).workerHeapMb;
    assert.equal(heapMb, 512);
    const limit = mebibytes(container.resources.limits.memory);
    // 96: the worker's young generation (worker-loader.ts); 256: the server with its feeds, at the least.
    assert.ok(limit >= heapMb + 96 + 256, `limit ${limit} MiB for a ${heapMb} MB worker heap`);
    assert.ok(mebibytes(container.resources.requests.memory) <= limit);
  });

  it('two replicas, of which a PodDisruptionBudget keeps one through voluntary disruptions', () => {
    assert.equal(deployment.spec.replicas, 2);
    const pdb = one<{ spec: { minAvailable: number; selector: { matchLabels: Record<string, string> } } }>(
      'PodDisruptionBudget',
    );
    assert.equal(pdb.spec.minAvailable, 1);
    for (const [label, value] of Object.entries(pdb.spec.selector.matchLabels))
      assert.equal(deployment.spec.template.metadata.labels[label], value);
  });

  it('serves HTTPS at the host of PUBLIC_URL through the Ingress', () => {
    const ingress = one<{
      spec: {
        tls: { hosts: string[]; secretName: string }[];
        rules: { host: string; http: { paths: { backend: { service: { name: string } } }[] } }[];
      };
    }>('Ingress');
    const host = new URL(configMap('nedetid-settings').data.PUBLIC_URL!).host;
    assert.deepEqual(ingress.spec.tls, [{ hosts: [host], secretName: 'nedetid-tls' }]);
    assert.deepEqual(
      ingress.spec.rules.map((r) => [r.host, r.http.paths[0]!.backend.service.name]),
      [[host, one<{ metadata: { name: string } }>('Service').metadata.name]],
    );
  });

  it('labels every object, the generated ConfigMaps too, for kubectl apply --prune', () => {
    for (const object of rendered)
      assert.equal(object.metadata.labels?.['app.kubernetes.io/name'], 'nedetid', object.kind);
  });
});
