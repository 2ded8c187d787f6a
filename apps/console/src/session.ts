import { CirtmeshClient, type NodeStatus } from '@cirtmesh/client';

/** The tab's session keeps the token: it goes when the tab closes, and other tabs never see it. */
const TOKEN_KEY = 'cirtmesh.console.token';

/** The node that served the console: its API sits beside the console's own files. */
export function nodeUrl(): string {
  return new URL('.', window.location.href).toString();
}

/** An operator's token, and a client of the node that uses it. */
export class Session {
  private constructor(
    readonly client: CirtmeshClient,
    private readonly token: string,
  ) {}

  /** The session kept in this tab, if any; the node checks the token on the first call. */
  static restore(): Session | undefined {
    const token = window.sessionStorage.getItem(TOKEN_KEY);
    return token ? new Session(new CirtmeshClient({ url: nodeUrl(), token }), token) : undefined;
  }

  /** Checks the token with `GET /api/v1/status` (role read) and keeps it only if the node accepts it. */
  static async signIn(token: string): Promise<{ session: Session; status: NodeStatus }> {
    const session = new Session(new CirtmeshClient({ url: nodeUrl(), token }), token);
    const status = await session.client.status();
    window.sessionStorage.setItem(TOKEN_KEY, session.token);
    return { session, status };
  }

  static clear(): void {
    window.sessionStorage.removeItem(TOKEN_KEY);
  }
}
