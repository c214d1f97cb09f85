{{/*
The objects every component has, of one shape: ServiceAccount, Service, workload, PodDisruptionBudget, ServiceMonitor
and its autoscaler. Each component's folder renders them with (dict "root" $ "name" "<component>"); the workload is a
Deployment unless the dict adds "kind" "StatefulSet" (a component whose pods need a stable name, see market-ingest).
*/}}

{{- define "marketstream.component" -}}
{{- $v := include "marketstream.values" . | fromYaml -}}
{{- if $v.enabled }}
{{- include "marketstream.checkDisruptionBudget" . }}
{{- if $v.serviceAccount.create }}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  {{- include "marketstream.metadata" . | nindent 2 }}
  {{- with $v.serviceAccount.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: false
{{- end }}
---
apiVersion: v1
kind: Service
metadata:
  {{- include "marketstream.metadata" . | nindent 2 }}
spec:
  type: {{ $v.service.type }}
  selector:
    {{- include "marketstream.selectorLabels" . | nindent 4 }}
  ports:
    - {name: http, port: {{ $v.service.port }}, targetPort: http, protocol: TCP}
{{ include "marketstream.workload" . }}
{{- if $v.podDisruptionBudget.enabled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  {{- include "marketstream.metadata" . | nindent 2 }}
spec:
  minAvailable: {{ $v.podDisruptionBudget.minAvailable }}
  selector:
    matchLabels:
      {{- include "marketstream.selectorLabels" . | nindent 6 }}
{{- end }}
{{- if .root.Values.monitoring.serviceMonitor.enabled }}
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  {{- include "marketstream.metadata" . | nindent 2 }}
  {{- with .root.Values.monitoring.serviceMonitor.labels }}
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "marketstream.selectorLabels" . | nindent 6 }}
  namespaceSelector:
    matchNames: [{{ .root.Release.Namespace }}]
  endpoints:
    - port: http
      path: /q/metrics
      interval: {{ .root.Values.monitoring.serviceMonitor.interval }}
{{- end }}
{{- if $v.autoscaling.enabled }}
{{- if .root.Values.keda.enabled }}
{{ include "marketstream.scaledObject" . }}
{{- else }}
{{ include "marketstream.hpa" . }}
{{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "marketstream.workload" -}}
{{- $v := include "marketstream.values" . | fromYaml -}}
{{- $g := .root.Values.global -}}
---
apiVersion: apps/v1
kind: {{ include "marketstream.workloadKind" . }}
metadata:
  {{- include "marketstream.metadata" . | nindent 2 }}
spec:
  {{- if not $v.autoscaling.enabled }}
  replicas: {{ $v.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  {{- if eq (include "marketstream.workloadKind" .) "StatefulSet" }}
  # Pod names <release>-<component>-0, -1, ... survive restarts: a restarted pod fences its predecessor's transactions.
  serviceName: {{ include "marketstream.componentName" . }}
  podManagementPolicy: Parallel
  updateStrategy:
    type: RollingUpdate
  {{- else }}
  # A new pod is ready before an old one stops: capacity never drops during a rollout.
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxUnavailable: 0, maxSurge: 1}
  {{- end }}
  selector:
    matchLabels:
      {{- include "marketstream.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "marketstream.labels" . | nindent 8 }}
    spec:
      serviceAccountName: {{ ternary (include "marketstream.componentName" .) "default" $v.serviceAccount.create }}
      automountServiceAccountToken: false
      {{- with $g.image.pullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      # preStop sleep + the service's shutdown budget + 5 s to exit (see helm/README.md "Graceful drain").
      terminationGracePeriodSeconds: {{ include "marketstream.gracePeriod" . }}
      securityContext:
        {{- toYaml $v.podSecurityContext | nindent 8 }}
      {{- with $v.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- include "marketstream.topologySpread" $ | nindent 8 }}
      {{- end }}
      {{- with $v.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .name }}
          image: {{ include "marketstream.image" . }}
          imagePullPolicy: {{ $g.image.pullPolicy }}
          ports:
            - {name: http, containerPort: {{ $v.service.port }}, protocol: TCP}
          env:
            {{- include "marketstream.env" . | nindent 12 }}
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          securityContext:
            {{- toYaml $v.securityContext | nindent 12 }}
          startupProbe:
            httpGet: {path: /q/health/started, port: http}
            periodSeconds: {{ $v.probes.periodSeconds }}
            failureThreshold: {{ $v.probes.startupFailureThreshold }}
          readinessProbe:
            httpGet: {path: /q/health/ready, port: http}
            periodSeconds: {{ $v.probes.periodSeconds }}
            failureThreshold: 2
          livenessProbe:
            httpGet: {path: /q/health/live, port: http}
            periodSeconds: {{ $v.probes.periodSeconds }}
            failureThreshold: 3
          lifecycle:
            # Endpoints and proxies stop sending new requests while the pod still serves; SIGTERM follows.
            preStop:
              sleep: {seconds: {{ $v.preStopSleepSeconds }}}
          volumeMounts:
            {{- include "marketstream.volumeMounts" . | nindent 12 }}
      volumes:
        {{- include "marketstream.volumes" . | nindent 8 }}
{{- end -}}


{{- define "marketstream.workloadKind" -}}
{{- .kind | default "Deployment" -}}
{{- end -}}
