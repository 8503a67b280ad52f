import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startEmbeddedUpstreams, type EmbeddedUpstreams } from '../../src/embeddedUpstreams.ts';
import { startGatewayAgainst, type GatewayUnderTest } from '../helpers/gatewayAgainst.ts';

/** Saved headers (Sandbox, Postman, an app's .env) must keep working after `npm start` is run again. */
describe('demo credentials across restarts', () => {
  const open: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((item) => item.close()));
  });

  async function start(env: Record<string, string> = {}): Promise<{ upstreams: EmbeddedUpstreams; gateway: GatewayUnderTest }> {
    const upstreams = await startEmbeddedUpstreams(loadConfig({ PORT: '0', ...env }));
    const gateway = await startGatewayAgainst(upstreams.urls);
    open.push(gateway, upstreams);
    return { upstreams, gateway };
  }

  it('the banner, the tokens and the demo payment id are the same after a restart, and still work', async () => {
    const first = await start();
    const saved = first.upstreams;
    const savedHeaders = { ...saved.explorerDemo.headers };
    await first.gateway.close();
    await first.upstreams.close();
    open.length = 0;

    const second = await start();
    expect(second.upstreams.explorerDemo).toEqual(saved.explorerDemo);
    // Same lines except the emulators' port numbers.
    const withoutPorts = (lines: string[]) => lines.map((line) => line.replace(/127\.0\.0\.1:\d+/, '127.0.0.1:PORT'));
    expect(withoutPorts(second.upstreams.bannerLines)).toEqual(withoutPorts(saved.bannerLines));

    const shopper = await second.gateway.gql<{ myPayment: { id: string; amountPlanned: { centAmount: number } } | null; myPayments: { totalCount: number } }>(
      'query($id: ID!) { myPayment(id: $id) { id amountPlanned { centAmount } } myPayments { totalCount } }',
      { headers: { authorization: savedHeaders.Authorization! }, variables: { id: saved.explorerDemo.paymentId } },
    );
    expect(shopper.body.errors).toBeUndefined();
    expect(shopper.body.data!.myPayment).toEqual({ id: saved.explorerDemo.paymentId, amountPlanned: { centAmount: 1000 } });
    expect(shopper.body.data!.myPayments.totalCount).toBe(5);

    const agent = await second.gateway.gql<{ addOrderPayments: { amountRemaining: string } }>(
      'mutation { addOrderPayments(input: { orderId: "o810001", profileId: "170309", payments: [{ paymentMethodType: CASH, amount: "10.00" }], operation: INITIATE }) { amountRemaining } }',
      { headers: { 'x-occ-authorization': savedHeaders['X-OCC-Authorization']! } },
    );
    expect(agent.body.errors).toBeUndefined();
    expect(agent.body.data!.addOrderPayments.amountRemaining).toBe('490.00');
  });

  it('DEMO_SEED gives other tokens, and the default ones stop working there', async () => {
    const byDefault = await start();
    const other = await start({ DEMO_SEED: 'my-own-demo' });
    const defaultAuth = byDefault.upstreams.explorerDemo.headers.Authorization!;
    expect(other.upstreams.explorerDemo.headers.Authorization).not.toBe(defaultAuth);
    expect(other.upstreams.explorerDemo.headers['X-OCC-Authorization']).not.toBe(byDefault.upstreams.explorerDemo.headers['X-OCC-Authorization']);
    expect(other.upstreams.explorerDemo.paymentId).not.toBe(byDefault.upstreams.explorerDemo.paymentId);

    const refused = await other.gateway.gql('{ myPayments { totalCount } }', { headers: { authorization: defaultAuth } });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const own = await other.gateway.gql<{ myPayments: { totalCount: number } }>('{ myPayments { totalCount } }', {
      headers: { authorization: other.upstreams.explorerDemo.headers.Authorization! },
    });
    expect(own.body.data?.myPayments.totalCount).toBe(5);
  });
});
