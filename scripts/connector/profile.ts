/**
 * What the connector says about itself beyond the API's own spec: the certification-sized title and
 * description, publisher metadata and the sign-in scheme. The API's spec offers Entra ID and API
 * keys; the connector offers Entra ID only, because Power Platform needs `connectionParameterSets`
 * for a choice of sign-in and Microsoft's published apiProperties schema does not allow that key.
 */
import type { ConnectorProfile } from './convert.ts';

export const connectorProfile: ConnectorProfile = {
  title: 'Energy CMMS',
  description:
    'Energy CMMS is the maintenance system of an energy company. Work with its assets (transformers, ' +
    'turbines, inverters, breakers) and purchase requisitions from Power Automate and Power Apps: list, ' +
    'create and update records, react to changes with triggers, and run the jobs that keep Dynamics 365 in step.',
  contact: {
    name: 'Energy CMMS support',
    url: 'https://energy-cmms.example.com/support',
    email: 'support@energy-cmms.example.com',
  },
  connectorMetadata: [
    { propertyName: 'Website', propertyValue: 'https://energy-cmms.example.com' },
    { propertyName: 'Privacy policy', propertyValue: 'https://energy-cmms.example.com/privacy' },
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
