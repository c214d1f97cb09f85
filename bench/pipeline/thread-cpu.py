#!/usr/bin/env python3
"""Summarises `jfr print --events jdk.ThreadCPULoad` output: average CPU per thread, in cores."""
import collections
import os
import re
import sys

cores = os.cpu_count() or 1
loads = collections.defaultdict(list)
for event in sys.stdin.read().split('jdk.ThreadCPULoad'):
    user = re.search(r'user = ([\d.]+)%', event)
    system = re.search(r'system = ([\d.]+)%', event)
    thread = re.search(r'eventThread = "([^"]+)"', event)
    if user and system and thread:
        name = re.sub(r'[a-z-]*processor-[0-9a-z-]*?-[0-9a-f]{8}-[0-9a-f-]{27}-', '', thread.group(1)).split(' (')[0]
        name = re.sub(r'\d+$', 'N', name) if name.startswith(('vert.x', 'smallrye-kafka-consumer')) else name
        loads[name].append((float(user.group(1)) + float(system.group(1))) / 100 * cores)
rows = sorted(((sum(v) / len(v) * (len(v) and 1), k) for k, v in loads.items()), reverse=True)
print('cpu by thread (cores, average over the recording):')
for cores_used, name in rows[:10]:
    print(f'  {cores_used:5.2f}  {name}')
