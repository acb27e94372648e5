/**
 * MQTT for Home Assistant: per watched (observer, satellite) a device with a "Next pass" sensor
 * (timestamp, with AOS/LOS azimuth, max elevation, visibility and magnitude as attributes) and an
 * "Overhead" binary sensor, announced with retained discovery configs; an availability topic with
 * a last will; everything republished when Home Assistant says `online` on its status topic;
 * subscription events published on `<prefix>/subscriptions/<id>/events`.
 */
import { connect, type MqttClient } from 'mqtt';
import type { AlertsSettings } from './settings.js';

/** The broker settings of the `alerts.mqtt` config section (the entity cap is applied elsewhere). */
export type MqttSettings = Omit<NonNullable<AlertsSettings['mqtt']>, 'maxEntities'>;

/** The next pass of one satellite over one observer, as the sensors show it. */
export interface NextPass {
  aos: string | null;
  tca: string;
  los: string | null;
  aosAzimuth: number | null;
  losAzimuth: number | null;
  maxElevation: number;
  durationSeconds: number;
  visible: boolean;
  visibleStart: string | null;
  visibleEnd: string | null;
  magnitude: number | null;
  trackUrl: string | null;
  /** Element epoch and age at TCA, days; stale when older than catalog.staleDays. */
  elementsEpoch: string | null;
  elementsAgeDays: number | null;
  stale: boolean;
  /** The measured-drift warning of a stale pass, else null. */
  warning: string | null;
}

/** One (observer, satellite) device. */
export interface MqttEntity {
  siteKey: string;
  siteLabel: string;
  noradId: number;
  satelliteName: string;
  next: NextPass | null;
  overhead: boolean;
}

export interface MqttBridgeOptions {
  settings: MqttSettings;
  version: string;
  /** Topics we published retained messages on before (kept across restarts). */
  loadTopics: () => string[];
  saveTopics: (topics: string[]) => void;
  log: (event: { event: string } & Record<string, unknown>) => void;
}

const slug = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

export class MqttBridge {
  private readonly client: MqttClient;
  /** Retained messages as last published (or to publish on connect), by topic. */
  private readonly retained = new Map<string, string>();
  private entities: MqttEntity[] = [];
  private readonly s: MqttSettings;
  private readonly availability: string;
  private readonly statusTopic: string;

  constructor(private readonly o: MqttBridgeOptions) {
    this.s = o.settings;
    this.availability = `${this.s.topicPrefix}/status`;
    this.statusTopic = `${this.s.discoveryPrefix}/status`;
    this.client = connect(this.s.url, {
      clientId: this.s.clientId,
      ...(this.s.username !== null ? { username: this.s.username } : {}),
      ...(this.s.password !== null ? { password: this.s.password } : {}),
      reconnectPeriod: 5000,
      connectTimeout: 10_000,
      will: { topic: this.availability, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    this.client.on('connect', () => {
      o.log({ event: 'mqtt', state: 'connected', url: this.s.url });
      void this.onConnect();
    });
    this.client.on('message', (topic, payload) => {
      if (topic === this.statusTopic && payload.toString() === 'online') {
        o.log({ event: 'mqtt', state: 'home-assistant-online' });
        void this.publishAll(true);
      }
    });
    this.client.on('error', (error) =>
      o.log({ event: 'error', where: 'mqtt', message: error.message }),
    );
    this.client.on('offline', () => o.log({ event: 'mqtt', state: 'offline', url: this.s.url }));
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /** The topic a subscription's events go to. */
  eventTopic(subscriptionId: string): string {
    return `${this.s.topicPrefix}/subscriptions/${subscriptionId}/events`;
  }

  /** Publish one event message (QoS 1, not retained); rejects when not connected or too slow. */
  async publishEvent(topic: string, body: string, timeoutMs: number): Promise<void> {
    if (!this.client.connected) throw new Error(`MQTT broker ${this.s.url} is not connected`);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.client.publishAsync(topic, body, { qos: 1, retain: false }),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no PUBACK within ${timeoutMs / 1000} s`)),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Set the devices to show; publishes what changed (retained) and clears what is gone. */
  async setEntities(entities: MqttEntity[]): Promise<void> {
    this.entities = entities;
    await this.publishAll(false);
  }

  /** Mark passwatch offline and disconnect. */
  async stop(): Promise<void> {
    if (this.client.connected) {
      try {
        await this.client.publishAsync(this.availability, 'offline', { qos: 1, retain: true });
      } catch {
        // Going away anyway: the last will says the same.
      }
    }
    await this.client.endAsync();
  }

  private async onConnect(): Promise<void> {
    try {
      await this.client.subscribeAsync(this.statusTopic, { qos: 1 });
      await this.publishAll(true);
    } catch (error) {
      this.o.log({ event: 'error', where: 'mqtt', message: (error as Error).message });
    }
  }

  /** Every retained message for the current entities, by topic. */
  private messages(): Map<string, string> {
    const out = new Map<string, string>();
    const d = this.s.discoveryPrefix;
    const node = slug(this.s.topicPrefix);
    const origin = { name: 'passwatch', sw_version: this.o.version };
    for (const e of this.entities) {
      const base = `${this.s.topicPrefix}/${e.siteKey}/${e.noradId}`;
      const id = `${node}_${slug(e.siteKey)}_${e.noradId}`;
      const device = {
        identifiers: [id],
        name: `${e.satelliteName || e.noradId} over ${e.siteLabel}`,
        manufacturer: 'passwatch',
        model: 'Satellite pass prediction',
        sw_version: this.o.version,
      };
      out.set(
        `${d}/sensor/${node}/${id}_next_pass/config`,
        JSON.stringify({
          name: 'Next pass',
          unique_id: `${id}_next_pass`,
          state_topic: `${base}/next_pass`,
          json_attributes_topic: `${base}/next_pass/attributes`,
          device_class: 'timestamp',
          availability_topic: this.availability,
          icon: 'mdi:satellite-variant',
          device,
          origin,
        }),
      );
      out.set(
        `${d}/binary_sensor/${node}/${id}_overhead/config`,
        JSON.stringify({
          name: 'Overhead',
          unique_id: `${id}_overhead`,
          state_topic: `${base}/overhead`,
          payload_on: 'ON',
          payload_off: 'OFF',
          availability_topic: this.availability,
          icon: 'mdi:satellite-uplink',
          device,
          origin,
        }),
      );
      const n = e.next;
      out.set(`${base}/next_pass`, n ? (n.aos ?? n.tca) : 'None');
      out.set(
        `${base}/next_pass/attributes`,
        JSON.stringify({
          norad_id: e.noradId,
          satellite: e.satelliteName,
          observer: e.siteLabel,
          aos: n?.aos ?? null,
          tca: n?.tca ?? null,
          los: n?.los ?? null,
          aos_azimuth: n?.aosAzimuth ?? null,
          los_azimuth: n?.losAzimuth ?? null,
          max_elevation: n?.maxElevation ?? null,
          duration_seconds: n?.durationSeconds ?? null,
          visible: n?.visible ?? false,
          visible_start: n?.visibleStart ?? null,
          visible_end: n?.visibleEnd ?? null,
          magnitude: n?.magnitude ?? null,
          track_url: n?.trackUrl ?? null,
          elements_epoch: n?.elementsEpoch ?? null,
          elements_age_days: n?.elementsAgeDays ?? null,
          stale: n?.stale ?? false,
          warning: n?.warning ?? null,
        }),
      );
      out.set(`${base}/overhead`, e.overhead ? 'ON' : 'OFF');
    }
    return out;
  }

  private async publishAll(force: boolean): Promise<void> {
    const wanted = this.messages();
    const previous = new Set([...this.o.loadTopics(), ...this.retained.keys()]);
    // Every topic that may hold a retained message of ours stays on record until cleared, so
    // that a restart can still clear what is no longer wanted.
    this.o.saveTopics([...new Set([...previous, ...wanted.keys()])]);
    if (!this.client.connected) {
      // Remember what to publish: onConnect publishes everything.
      this.retained.clear();
      return;
    }
    const publishes: Promise<unknown>[] = [
      this.client.publishAsync(this.availability, 'online', { qos: 1, retain: true }),
    ];
    for (const [topic, payload] of wanted) {
      if (!force && this.retained.get(topic) === payload) continue;
      this.retained.set(topic, payload);
      publishes.push(this.client.publishAsync(topic, payload, { qos: 1, retain: true }));
    }
    for (const topic of previous) {
      if (wanted.has(topic)) continue;
      this.retained.delete(topic);
      // An empty retained message removes the entity (config) and the stored state.
      publishes.push(this.client.publishAsync(topic, '', { qos: 1, retain: true }));
    }
    try {
      await Promise.all(publishes);
      this.o.saveTopics([...wanted.keys()]);
    } catch (error) {
      this.o.log({ event: 'error', where: 'mqtt publish', message: (error as Error).message });
    }
  }
}
