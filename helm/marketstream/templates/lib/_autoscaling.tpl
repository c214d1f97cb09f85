{{/*
KEDA ScaledObject (keda.sh/v1alpha1, KEDA >= 2.11) with one trigger per enabled signal, its TriggerAuthentications,
and the plain HPA used instead when keda.enabled=false. Thresholds and their measured sources: helm/README.md.
*/}}

{{/*
Scaling behaviour shared by KEDA's HPA and the plain one. Each added or removed consumer is a rebalance of its
group (for Kafka Streams: tasks move and their state is restored), so scale out at most 2 pods per 2 minutes after
1 minute of steady signal, and scale in one pod per 5 minutes after 10 minutes of steady signal.
*/}}
{{- define "marketstream.hpaBehavior" -}}
scaleUp:
  stabilizationWindowSeconds: 60
  selectPolicy: Max
  policies:
    - {type: Pods, value: 2, periodSeconds: 120}
scaleDown:
  stabilizationWindowSeconds: 600
  selectPolicy: Min
  policies:
    - {type: Pods, value: 1, periodSeconds: 300}
{{- end -}}

{{- define "marketstream.prometheusQuery" -}}
{{- $v := include "marketstream.values" . | fromYaml -}}
{{- $v.autoscaling.prometheus.query | default (printf "sum(marketstream_gateway_connections_active{namespace=\"%s\",service=\"%s\"})" .root.Release.Namespace (include "marketstream.componentName" .)) -}}
{{- end -}}

{{- define "marketstream.scaledObject" -}}
{{- $v := include "marketstream.values" . | fromYaml -}}
{{- $a := $v.autoscaling -}}
{{- $g := .root.Values.global -}}
{{- $name := include "marketstream.componentName" . -}}
{{- $kafkaTls := or (eq $g.kafka.securityProtocol "SSL") (eq $g.kafka.securityProtocol "SASL_SSL") -}}
{{- $kafkaSasl := hasPrefix "SASL_" $g.kafka.securityProtocol -}}
{{- $redisAuth := not (empty $g.redis.passwordSecret) -}}
{{- if not (or $a.kafkaLag.enabled $a.redisStreamLag.enabled $a.prometheus.enabled) -}}
{{- fail (printf "%s.autoscaling is enabled without any trigger" (include "marketstream.key" .name)) -}}
{{- end -}}
{{- if and (or $kafkaTls $kafkaSasl) $a.kafkaLag.enabled }}
---
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata:
  {{- include "marketstream.metadata" (merge (dict "suffix" "-kafka") .) | nindent 2 }}
spec:
  secretTargetRef:
    {{- if $kafkaTls }}
    - {parameter: ca, name: {{ $g.kafka.tls.caSecret }}, key: {{ $g.kafka.tls.caKey }}}
    {{- end }}
    {{- if $kafkaSasl }}
    {{- if not .root.Values.keda.kafkaAuth.secret }}{{ fail "keda.kafkaAuth.secret (username, password) is required for the Kafka lag trigger with SASL" }}{{ end }}
    - {parameter: username, name: {{ .root.Values.keda.kafkaAuth.secret }}, key: username}
    - {parameter: password, name: {{ .root.Values.keda.kafkaAuth.secret }}, key: password}
    {{- end }}
{{- end }}
{{- if and $redisAuth $a.redisStreamLag.enabled }}
---
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata:
  {{- include "marketstream.metadata" (merge (dict "suffix" "-redis") .) | nindent 2 }}
spec:
  secretTargetRef:
    {{- with $g.redis.passwordSecret }}
    - {parameter: password, name: {{ . }}, key: {{ $g.redis.passwordKey }}}
    {{- end }}
{{- end }}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  {{- include "marketstream.metadata" . | nindent 2 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: {{ include "marketstream.workloadKind" . }}
    name: {{ $name }}
  minReplicaCount: {{ $a.minReplicas }}
  maxReplicaCount: {{ $a.maxReplicas }}
  pollingInterval: {{ $a.pollingInterval }}
  cooldownPeriod: {{ $a.cooldownPeriod }}
  advanced:
    horizontalPodAutoscalerConfig:
      name: {{ $name }}
      behavior:
        {{- include "marketstream.hpaBehavior" . | nindent 8 }}
  triggers:
    {{- if $a.kafkaLag.enabled }}
    - type: kafka
      {{- if or $kafkaTls $kafkaSasl }}
      authenticationRef: {name: {{ $name }}-kafka}
      {{- end }}
      metadata:
        bootstrapServers: {{ $g.kafka.bootstrapServers | quote }}
        consumerGroup: {{ required "autoscaling.kafkaLag.consumerGroup" $a.kafkaLag.consumerGroup | quote }}
        # Named explicitly: without a topic KEDA sums every topic of the group, internal ones included.
        topic: {{ required "autoscaling.kafkaLag.topic" $a.kafkaLag.topic | quote }}
        lagThreshold: {{ $a.kafkaLag.lagThreshold | int | quote }}
        activationLagThreshold: {{ $a.kafkaLag.activationLagThreshold | int | quote }}
        offsetResetPolicy: earliest
        # No more consumers than partitions: extra ones would idle.
        allowIdleConsumers: "false"
        scaleToZeroOnInvalidOffset: "false"
        {{- if $kafkaTls }}
        tls: enable
        {{- end }}
        {{- if $kafkaSasl }}
        sasl: {{ .root.Values.keda.kafkaAuth.sasl }}
        {{- end }}
    {{- end }}
    {{- if $a.redisStreamLag.enabled }}
    {{- $redis := urlParse $g.redis.hosts }}
    - type: redis-streams
      {{- if $redisAuth }}
      authenticationRef: {name: {{ $name }}-redis}
      {{- end }}
      metadata:
        address: {{ $redis.host | quote }}
        stream: {{ required "autoscaling.redisStreamLag.stream" $a.redisStreamLag.stream | quote }}
        consumerGroup: {{ required "autoscaling.redisStreamLag.consumerGroup" $a.redisStreamLag.consumerGroup | quote }}
        {{- if $a.redisStreamLag.usePendingEntries }}
        pendingEntriesCount: {{ $a.redisStreamLag.pendingEntriesCount | int | quote }}
        {{- else }}
        # Group lag (XINFO GROUPS), Redis 7+.
        lagCount: {{ $a.redisStreamLag.lagCount | int | quote }}
        activationLagCount: {{ $a.redisStreamLag.activationLagCount | int | quote }}
        {{- end }}
        {{- if hasPrefix "rediss://" $g.redis.hosts }}
        enableTLS: "true"
        {{- end }}
    {{- end }}
    {{- if $a.prometheus.enabled }}
    - type: prometheus
      metadata:
        serverAddress: {{ .root.Values.keda.prometheus.serverAddress | quote }}
        query: {{ include "marketstream.prometheusQuery" . | quote }}
        threshold: {{ $a.prometheus.threshold | int | quote }}
        activationThreshold: {{ $a.prometheus.activationThreshold | int | quote }}
    {{- end }}
{{- end -}}

{{/*
Without KEDA only resource metrics are there for sure: CPU utilisation, with the same behaviour. Lag-based scaling
then needs an external metrics adapter; the chart does not assume one.
*/}}
{{- define "marketstream.hpa" -}}
{{- $v := include "marketstream.values" . | fromYaml -}}
{{- $a := $v.autoscaling -}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  {{- include "marketstream.metadata" . | nindent 2 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: {{ include "marketstream.workloadKind" . }}
    name: {{ include "marketstream.componentName" . }}
  minReplicas: {{ $a.minReplicas }}
  maxReplicas: {{ $a.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: {type: Utilization, averageUtilization: {{ $a.cpuUtilization | default 70 | int }}}
  behavior:
    {{- include "marketstream.hpaBehavior" . | nindent 4 }}
{{- end -}}
