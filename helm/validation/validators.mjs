// One validator per apiVersion/kind of what the chart and k8s-operators/ render: the kubernetes-models classes check
// types and required fields against each kind's published schema; they accept unknown keys, so KEDA objects (whose
// typos silently disable scaling) also go through a strict key allowlist (keda-allowlist.mjs). Strimzi kinds are
// checked against their generated CRDs with unknown keys forbidden (strimzi.mjs).
import { ConfigMap, Service, ServiceAccount } from "kubernetes-models/v1";
import { Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1";
import { ScaledObject, TriggerAuthentication } from "@kubernetes-models/keda/keda.sh/v1alpha1";
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1";
import { ServiceMonitor, PodMonitor, PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import { Cluster } from "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1";
import { checkScaledObjectKeys, checkTriggerAuthenticationKeys } from "./keda-allowlist.mjs";
import { strimziKinds, strimziProblems } from "./strimzi.mjs";

const MODELS = {
  "v1/Service": Service,
  "v1/ServiceAccount": ServiceAccount,
  "v1/ConfigMap": ConfigMap,
  "apps/v1/Deployment": Deployment,
  "apps/v1/StatefulSet": StatefulSet,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "networking.k8s.io/v1/Ingress": Ingress,
  "keda.sh/v1alpha1/ScaledObject": ScaledObject,
  "keda.sh/v1alpha1/TriggerAuthentication": TriggerAuthentication,
  "gateway.networking.k8s.io/v1/HTTPRoute": HTTPRoute,
  "monitoring.coreos.com/v1/ServiceMonitor": ServiceMonitor,
  "monitoring.coreos.com/v1/PodMonitor": PodMonitor,
  "monitoring.coreos.com/v1/PrometheusRule": PrometheusRule,
  "postgresql.cnpg.io/v1/Cluster": Cluster,
};

const STRICT = {
  "keda.sh/v1alpha1/ScaledObject": checkScaledObjectKeys,
  "keda.sh/v1alpha1/TriggerAuthentication": checkTriggerAuthenticationKeys,
};

export const kinds = () => [...Object.keys(MODELS), ...strimziKinds()];

/** Throws an Error naming the object and every problem found; returns the kind key when the object is valid. */
export function validate(object) {
  const key = `${object?.apiVersion}/${object?.kind}`;
  const name = `${key} ${object?.metadata?.name ?? "(no name)"}`;
  const strimzi = strimziProblems(object);
  if (strimzi !== null) {
    if (strimzi.length > 0) {
      throw new Error(`${name}: ${strimzi.join("; ")}`);
    }
    return key;
  }
  const Model = MODELS[key];
  if (!Model) {
    throw new Error(`${name}: no validator for this kind (add one to validators.mjs)`);
  }
  try {
    new Model(object).validate();
  } catch (error) {
    throw new Error(`${name}: ${describe(error)}`);
  }
  const problems = STRICT[key]?.(object) ?? [];
  if (problems.length > 0) {
    throw new Error(`${name}: ${problems.join("; ")}`);
  }
  return key;
}

function describe(error) {
  const details = error.errors?.map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
  return details || error.message;
}
