/** `/config.json`, served next to the app: where the API and Cognito are. Read once. */
export interface WebConfig {
  apiUrl: string;
  cognito: {
    region: string;
    userPoolId: string;
    clientId: string;
    /** cognito-local's URL; null on AWS. */
    endpoint: string | null;
  };
}

let loaded: Promise<WebConfig> | undefined;

export function loadConfig(): Promise<WebConfig> {
  loaded ??= fetch('/config.json', { cache: 'no-store' }).then(async (response) => {
    if (!response.ok) throw new Error(`config.json: ${response.status}`);
    return (await response.json()) as WebConfig;
  });
  loaded.catch(() => {
    loaded = undefined;
  });
  return loaded;
}

export function cognitoEndpoint(config: WebConfig): string {
  return config.cognito.endpoint ?? `https://cognito-idp.${config.cognito.region}.amazonaws.com/`;
}
