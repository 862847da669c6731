/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */

// The QKD network map: RESTCONF is its only back end (the browser's credentials for this origin, as for the page),
// read once a second in one request; Apache ECharts draws it. Text from the network goes into the page as text only.
'use strict';

(() => {
    const POLL_MILLIS = 1000;
    // from the origin, which never holds credentials (a page opened as http://user:password@host/ has them in its
    // own URL, and the browser refuses requests to URLs made from it)
    const DATA = new URL('/rests/data?content=nonconfig&fields='
        + 'ietf-network:networks;qkd-key-service:key-services;qkd-devices:qkd-alarms', window.location.origin);
    const FAULT = new URL('/rests/operations/qkd-emulator:inject-link-fault', window.location.origin);
    const STATUS_COLORS = {up: '#2e7d32', degraded: '#f9a825', aborted: '#c62828', down: '#757575',
        unknown: '#bdbdbd'};
    const PATH_COLOR = '#0d47a1';

    const chart = echarts.init(document.getElementById('map'));
    const positions = new Map();
    let view = {nodes: [], links: [], services: [], alarms: []};
    let selectedService = null;
    let selectedLink = null;

    function bitRate(bits) {
        if (bits >= 1e6) {
            return (bits / 1e6).toFixed(2) + ' Mbit/s';
        }
        if (bits >= 1e3) {
            return (bits / 1e3).toFixed(1) + ' kbit/s';
        }
        return bits.toFixed(0) + ' bit/s';
    }

    function percent(ratio, digits) {
        return ratio === null || Number.isNaN(ratio) ? '–' : (100 * ratio).toFixed(digits) + ' %';
    }

    // a link's noise, with its name: QBER, or a CV-QKD link's excess noise
    function noise(link, digits) {
        return link.excessNoise === null ? `QBER ${percent(link.qber, digits)}`
            : `ξ ${link.excessNoise.toFixed(digits + 2)} SNU`;
    }

    function parse(json) {
        const nodes = [];
        const links = [];
        for (const network of json['ietf-network:networks']?.network ?? []) {
            if (network['network-types']?.['qkd-topology:qkd-network'] === undefined) {
                continue;
            }
            for (const node of network.node ?? []) {
                const attributes = node['qkd-topology:qkd-node-attributes'] ?? {};
                nodes.push({id: node['node-id'], trusted: attributes.trusted !== false,
                    reachable: attributes.reachable, location: attributes.location ?? '',
                    operator: attributes.operator ?? ''});
            }
            for (const link of network['ietf-network-topology:link'] ?? []) {
                const attributes = link['qkd-topology:qkd-link-attributes'] ?? {};
                const status = attributes.status ?? 'unknown';
                links.push({id: link['link-id'], label: attributes.label ?? link['link-id'],
                    source: link.source?.['source-node'], target: link.destination?.['dest-node'],
                    status, rate: Number(attributes['secret-key-rate'] ?? 0),
                    // a link that is down measures no QBER (a cut fiber reads as noise)
                    qber: attributes.qber === undefined || status === 'down' ? null : Number(attributes.qber),
                    // a continuous-variable link's noise is its excess noise (shot-noise units), not a QBER
                    excessNoise: attributes['excess-noise'] === undefined || status === 'down' ? null
                        : Number(attributes['excess-noise']),
                    fill: Number(attributes['key-pool-fill'] ?? 0),
                    capacity: Number(attributes['key-pool-capacity'] ?? 0)});
            }
        }
        const services = (json['qkd-key-service:key-services']?.['key-service'] ?? []).map(service => {
            const state = service.state ?? {};
            return {id: service['service-id'], mode: state.mode ?? 'pending', reason: state.reason ?? '',
                detail: state.detail ?? '', stored: state['keys-stored'] ?? 0,
                paths: (state.path ?? []).map(path => ({hops: path.hop ?? [], links: path.link ?? []}))};
        }).sort((a, b) => a.id.localeCompare(b.id));
        const alarms = (json['qkd-devices:qkd-alarms']?.alarm ?? []).filter(alarm => alarm.active === true)
            .sort((a, b) => (b.raised ?? '').localeCompare(a.raised ?? ''));
        return {nodes, links, services, alarms};
    }

    // Trusted relays on an inner ring, the other nodes on an outer ring next to the relays they connect to; a node
    // keeps its place once it has one, so the map does not move while the network runs.
    function place(nodes, links) {
        const missing = nodes.filter(node => !positions.has(node.id));
        if (missing.length === 0) {
            return;
        }
        positions.clear();
        const relays = nodes.filter(node => node.trusted).map(node => node.id).sort();
        const angle = new Map();
        relays.forEach((id, i) => angle.set(id, 2 * Math.PI * i / Math.max(relays.length, 1) - Math.PI / 2));
        // coordinates in the hundreds: ECharts rounds nearly straight lines to half units before it scales them
        relays.forEach(id => positions.set(id, [Math.cos(angle.get(id)) * 400, Math.sin(angle.get(id)) * 400]));
        const others = nodes.filter(node => !node.trusted).map(node => {
            let x = 0;
            let y = 0;
            for (const link of links) {
                const peer = link.source === node.id ? link.target : link.target === node.id ? link.source : null;
                if (peer !== null && angle.has(peer)) {
                    x += Math.cos(angle.get(peer));
                    y += Math.sin(angle.get(peer));
                }
            }
            return {id: node.id, angle: x === 0 && y === 0 ? 0 : Math.atan2(y, x)};
        }).sort((a, b) => a.angle - b.angle || a.id.localeCompare(b.id));
        // at least a minimum angle apart, so that labels do not overlap: nodes that would be closer form a group
        // spread evenly around the mean of the angles they want
        const gap = Math.min(2 * Math.PI / Math.max(others.length, 1), Math.PI / 5);
        const groups = others.map(node => ({nodes: [node], center: node.angle}));
        for (let i = 0; i + 1 < groups.length;) {
            const first = groups[i];
            const second = groups[i + 1];
            if (second.center - (second.nodes.length - 1) * gap / 2
                    - (first.center + (first.nodes.length - 1) * gap / 2) < gap) {
                const nodes = first.nodes.concat(second.nodes);
                groups.splice(i, 2, {nodes, center: nodes.reduce((sum, node) => sum + node.angle, 0) / nodes.length});
                i = Math.max(i - 1, 0);
            } else {
                i++;
            }
        }
        groups.forEach(group => group.nodes.forEach((node, k) => {
            node.angle = group.center + (k - (group.nodes.length - 1) / 2) * gap;
        }));
        others.forEach(node => positions.set(node.id, [Math.cos(node.angle) * 900, Math.sin(node.angle) * 900]));
    }

    function pathLinks() {
        const service = view.services.find(candidate => candidate.id === selectedService);
        return new Set(service ? service.paths.flatMap(path => path.links) : []);
    }

    function draw() {
        place(view.nodes, view.links);
        const onPath = pathLinks();
        chart.setOption({
            animation: false,
            tooltip: {},
            series: [{
                type: 'graph',
                layout: 'none',
                roam: true,
                label: {show: true, position: 'bottom', fontSize: 13},
                edgeLabel: {show: true, fontSize: 11, formatter: params => params.data.caption},
                data: view.nodes.map(node => ({
                    name: node.id,
                    x: positions.get(node.id)[0],
                    y: positions.get(node.id)[1],
                    symbol: node.trusted ? 'diamond' : 'circle',
                    symbolSize: node.trusted ? 30 : 24,
                    itemStyle: {color: node.reachable === false ? '#e0e0e0' : node.trusted ? '#37474f' : '#0277bd',
                        borderColor: node.reachable === false ? STATUS_COLORS.aborted : '#ffffff', borderWidth: 2},
                    tooltip: {formatter: () => `${node.id}${node.trusted ? ' (trusted relay)' : ''}<br>`
                        + `${echarts.format.encodeHTML(node.location)}<br>`
                        + `reachable: ${node.reachable === undefined ? 'unknown' : node.reachable ? 'yes' : 'no'}`}
                })),
                links: view.links.map(link => ({
                    name: link.label,
                    source: link.source,
                    target: link.target,
                    caption: link.status === 'up' || link.status === 'degraded'
                        ? `${bitRate(link.rate)} · ${noise(link, 1)}` : link.status,
                    lineStyle: {
                        // a link of the selected service's path in the path's colour while it carries key
                        color: onPath.has(link.id) && (link.status === 'up' || link.status === 'degraded') ? PATH_COLOR
                            : STATUS_COLORS[link.status] ?? STATUS_COLORS.unknown,
                        width: onPath.has(link.id) || link.label === selectedLink ? 7 : 4,
                        type: link.status === 'down' ? 'dashed' : 'solid',
                        // slightly curved, so that a link passing a node is told from two links ending there
                        curveness: 0.08,
                        opacity: 0.9
                    },
                    tooltip: {formatter: () => `${echarts.format.encodeHTML(link.label)}: ${link.status}<br>`
                        + `key rate ${bitRate(link.rate)}, ${noise(link, 2)}<br>`
                        + `pool ${percent(link.capacity > 0 ? link.fill / link.capacity : null, 0)} full`}
                }))
            }]
        }, {replaceMerge: ['series']});
    }

    function cell(row, text, className) {
        const td = row.insertCell();
        if (className) {
            const badge = document.createElement('span');
            badge.className = 'badge ' + className;
            badge.textContent = text;
            td.appendChild(badge);
        } else {
            td.textContent = text;
        }
        return td;
    }

    function tables() {
        const services = document.querySelector('#services tbody');
        services.replaceChildren();
        for (const service of view.services) {
            const row = services.insertRow();
            row.dataset.service = service.id;
            row.dataset.mode = service.mode;
            row.classList.toggle('selected', service.id === selectedService);
            row.title = service.reason && service.reason !== 'none' ? `reason: ${service.reason}` : '';
            cell(row, service.id);
            cell(row, service.mode, service.mode);
            cell(row, service.paths.map(path => path.hops.join(' → ')).join(' | ') || '–');
            cell(row, String(service.stored));
            row.addEventListener('click', () => {
                selectedService = selectedService === service.id ? null : service.id;
                render();
            });
        }
        const links = document.querySelector('#links tbody');
        links.replaceChildren();
        for (const link of [...view.links].sort((a, b) => a.label.localeCompare(b.label))) {
            const row = links.insertRow();
            row.dataset.link = link.label;
            row.dataset.status = link.status;
            row.classList.toggle('selected', link.label === selectedLink);
            cell(row, link.label);
            cell(row, link.status, link.status);
            cell(row, bitRate(link.rate));
            cell(row, link.excessNoise === null ? percent(link.qber, 2) : noise(link, 2));
            cell(row, percent(link.capacity > 0 ? link.fill / link.capacity : null, 0));
            row.addEventListener('click', () => selectLink(link.label));
        }
        const alarms = document.getElementById('alarms');
        alarms.replaceChildren();
        for (const alarm of view.alarms) {
            const item = document.createElement('li');
            item.dataset.type = alarm.type;
            item.textContent = `${alarm.type}: ${alarm.message ?? alarm.resource ?? ''} (since ${alarm.raised ?? '?'})`;
            alarms.appendChild(item);
        }
        if (view.alarms.length === 0) {
            const item = document.createElement('li');
            item.textContent = 'none';
            alarms.appendChild(item);
        }
        const up = view.links.filter(link => link.status === 'up' || link.status === 'degraded').length;
        document.getElementById('summary').textContent = `${view.nodes.length} nodes, ${view.links.length} links `
            + `(${up} up), ${view.services.length} key services, ${view.alarms.length} active alarms`;
        const detail = document.getElementById('link-detail');
        const link = view.links.find(candidate => candidate.label === selectedLink);
        document.getElementById('faults').hidden = link === undefined;
        detail.textContent = link === undefined ? 'Select a link on the map or in the list.'
            : `${link.label} (${link.source} – ${link.target}): ${link.status}, key rate ${bitRate(link.rate)}, `
                + `${noise(link, 2)}, pool ${link.fill} of ${link.capacity} bits`;
    }

    function render() {
        draw();
        tables();
    }

    function selectLink(label) {
        selectedLink = selectedLink === label ? null : label;
        document.getElementById('fault-result').textContent = '';
        render();
    }

    async function restconfError(response) {
        try {
            const body = await response.json();
            return body.errors?.error?.[0]?.['error-message'] ?? `HTTP ${response.status}`;
        } catch (e) {
            return `HTTP ${response.status}`;
        }
    }

    async function poll() {
        try {
            const response = await fetch(DATA, {headers: {Accept: 'application/yang-data+json'}, cache: 'no-store',
                credentials: 'same-origin'});
            if (!response.ok) {
                throw new Error(`RESTCONF answered: ${await restconfError(response)}`);
            }
            view = parse(await response.json());
            render();
            document.getElementById('error').textContent = '';
            document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
        } catch (e) {
            document.getElementById('error').textContent = String(e.message ?? e);
        } finally {
            setTimeout(poll, POLL_MILLIS);
        }
    }

    for (const button of document.querySelectorAll('#faults button')) {
        button.addEventListener('click', async () => {
            const result = document.getElementById('fault-result');
            const label = selectedLink;
            result.textContent = `${button.dataset.fault} ${label}…`;
            try {
                const response = await fetch(FAULT, {method: 'POST', credentials: 'same-origin',
                    headers: {'Content-Type': 'application/yang-data+json', Accept: 'application/yang-data+json'},
                    body: JSON.stringify({input: {link: label, fault: button.dataset.fault}})});
                result.textContent = response.ok ? `${button.dataset.fault}: done`
                    : `${button.dataset.fault} refused: ${await restconfError(response)}`;
            } catch (e) {
                result.textContent = `${button.dataset.fault} failed: ${e.message ?? e}`;
            }
        });
    }
    chart.on('click', params => {
        if (params.dataType === 'edge') {
            selectLink(params.data.name);
        }
    });
    // the map's box changes with the window and with the side panel's content
    new ResizeObserver(() => chart.resize()).observe(document.getElementById('map'));
    poll();
})();
