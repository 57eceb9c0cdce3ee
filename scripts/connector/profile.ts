/**
 * What the connector says about itself beyond the API's own spec: the certification-sized title and
 * description, publisher metadata and the sign-in scheme. The API's spec offers Entra ID and API
 * keys; the connector offers Entra ID only, because Power Platform needs `connectionParameterSets`
 * for a choice of sign-in and Microsoft's published apiProperties schema does not allow that key.
 *
 * The publisher's host and public URLs are settings of the build (`npm run connector -- --publisher
 * FILE` or the single flags): the committed connector is the development build and carries
 * reserved example.com names, which a certification build refuses.
 */
import type { ConnectorProfile } from './convert.ts';

export interface PublisherSettings {
  /** Production host of the API, without scheme or path. */
  readonly host: string;
  readonly contactName: string;
  readonly contactUrl: string;
  readonly contactEmail: string;
  readonly website: string;
  readonly privacyPolicy: string;
  readonly licenseUrl: string;
}

/** The development build's values: reserved names (RFC 2606) that can never be mistaken for real ones. */
export const DEVELOPMENT_PUBLISHER: PublisherSettings = Object.freeze({
  host: 'cmms.example.com',
  contactName: 'Energy CMMS support',
  contactUrl: 'https://energy-cmms.example.com/support',
  contactEmail: 'support@energy-cmms.example.com',
  website: 'https://energy-cmms.example.com',
  privacyPolicy: 'https://energy-cmms.example.com/privacy',
  licenseUrl: 'https://energy-cmms.example.com/license',
});

export function connectorProfileFor(publisher: PublisherSettings): ConnectorProfile {
  return {
    title: 'Energy CMMS',
    description:
      'Energy CMMS is the maintenance system of an energy company. Work with its assets (transformers, ' +
      'turbines, inverters, breakers) and purchase requisitions from your flows and apps: list, ' +
      'create and update records, react to changes with triggers, and run the jobs that keep Dynamics 365 in step.',
    host: publisher.host,
    contact: { name: publisher.contactName, url: publisher.contactUrl, email: publisher.contactEmail },
    license: { name: 'Proprietary', url: publisher.licenseUrl },
    connectorMetadata: [
      { propertyName: 'Website', propertyValue: publisher.website },
      { propertyName: 'Privacy policy', propertyValue: publisher.privacyPolicy },
      { propertyName: 'Categories', propertyValue: 'IT Operations;Business Management' },
    ],
    securityDefinitions: {
      oauth2_auth: {
        type: 'oauth2',
        flow: 'accessCode',
        authorizationUrl: 'https://login.microsoftonline.com/common/oauth2/authorize',
        tokenUrl: 'https://login.microsoftonline.com/common/oauth2/token',
        scopes: { user_impersonation: 'Act in Energy CMMS as the signed-in user.' },
      },
    },
    security: [{ oauth2_auth: [] }],
    testConnectionOperationId: 'ListSites',
  };
}

/** The development build's profile (what connector/ holds). */
export const connectorProfile: ConnectorProfile = connectorProfileFor(DEVELOPMENT_PUBLISHER);
