#!/usr/bin/env python3
"""Summarises `jfr print --events jdk.ExecutionSample` output: the hottest top frames and packages."""
import collections
import re
import sys

frames = collections.Counter()
packages = collections.Counter()
total = 0
expect_top = False
for line in sys.stdin:
    if 'stackTrace = [' in line:
        expect_top = True
        continue
    if expect_top:
        expect_top = False
        frame = re.sub(r'\s+line:.*$', '', line.strip())
        if not frame or frame.startswith(']'):
            continue
        total += 1
        frames[frame] += 1
        method = frame.split('(')[0]
        parts = method.split('.')
        packages['.'.join(parts[:3]) if len(parts) > 3 else method] += 1

if total == 0:
    print('no execution samples')
    sys.exit(0)
print(f'{total} execution samples')
print('\ntop frames (self time):')
for frame, count in frames.most_common(15):
    print(f'  {100.0 * count / total:5.1f}%  {frame}')
print('\ntop packages (self time):')
for package, count in packages.most_common(10):
    print(f'  {100.0 * count / total:5.1f}%  {package}')
