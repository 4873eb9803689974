// The Teams slice of the configuration (Bot Framework's standard variable names).
import type { Config } from '../../src/config';

export interface TeamsConfig {
  appId: string;
  appPassword: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId: string;
  /** Public origin for download links; falls back to the local server URL (development only). */
  publicBaseUrl?: string;
}

export function teamsConfig(c: Config): TeamsConfig {
  return {
    appId: c.MicrosoftAppId ?? '',
    appPassword: c.MicrosoftAppPassword ?? '',
    appType: c.MicrosoftAppType,
    tenantId: c.MicrosoftAppTenantId ?? '',
    publicBaseUrl: c.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
  };
}
