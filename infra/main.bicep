// ServerlessMinSheng on Azure: a Function App running the app as a custom handler, its Storage
// account (tables, queues, blobs), a Static Web App for web/ with /api linked to the Function App,
// Key Vault for secrets, and Application Insights. Deploy: see README.md in this folder.

@description('Short name used in every resource name (lowercase letters and digits).')
@minLength(3)
@maxLength(11)
param name string = 'minsheng'

@description('Region for everything but the Static Web App.')
param location string = resourceGroup().location

@description('Static Web Apps are offered in fewer regions.')
param staticWebAppLocation string = 'eastasia'

@description('Time zone for timer schedules (nightly ranking at 02:00 local). Honoured on Premium plans.')
param timeZone string = 'Asia/Shanghai'

var suffix = uniqueString(resourceGroup().id)

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: '${name}${substring(suffix, 0, 8)}'
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs-${suffix}'
  location: location
  properties: { sku: { name: 'PerGB2018' }, retentionInDays: 90 }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-ai-${suffix}'
  location: location
  kind: 'web'
  properties: { Application_Type: 'web', WorkspaceResourceId: logs.id }
}

// Elastic Premium: honours WEBSITE_TIME_ZONE for timer schedules (Linux Consumption evaluates them in UTC)
// and keeps an instance warm, so a resident's submission never waits for a cold start.
resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${name}-plan-${suffix}'
  location: location
  kind: 'elastic'
  sku: { name: 'EP1', tier: 'ElasticPremium' }
  properties: { reserved: true, maximumElasticWorkerCount: 10 }
}

// The app and the host reach tables, queues and blobs with the Function App's identity (AzureWebJobsStorage__accountName
// and the role assignments below). The content share is the one key left: Azure Files over SMB has no identity-based
// access, and Elastic Premium keeps the app's files there.
var contentShareConnection = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'

resource functionApp 'Microsoft.Web/sites@2023-12-01' = {
  name: '${name}-func-${suffix}'
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: ''
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
        { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'custom' }
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING', value: contentShareConnection }
        { name: 'WEBSITE_CONTENTSHARE', value: '${name}-func' }
        { name: 'WEBSITE_TIME_ZONE', value: timeZone }
        { name: 'Functions__TimeZone', value: timeZone }
        // Read by the app's OpenTelemetry exporter (traces, metrics, logs; Telemetry/TelemetryRegistration.cs) and by the host.
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'KeyVault__Uri', value: vault.properties.vaultUri }
      ]
    }
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: '${name}-kv-${substring(suffix, 0, 8)}'
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
  }
}

// The Function App's identity reads secrets (partner webhook secrets, data-protection keys).
resource vaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, functionApp.id, 'secrets-user')
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// The Function App's identity uses the storage account's data: blobs (the host's leases and keys, imports, photos),
// queues (work and durable timers) and tables (state, history, projections).
var storageRoles = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
}

resource storageDataAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(storageRoles): {
  name: guid(storage.id, functionApp.id, role.value)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}]

resource web 'Microsoft.Web/staticSites@2023-12-01' = {
  name: '${name}-web-${suffix}'
  location: staticWebAppLocation
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {}
}

// Static Web Apps forwards /api/* to the Function App (the same routes the app serves locally).
resource webBackend 'Microsoft.Web/staticSites/linkedBackends@2023-12-01' = {
  parent: web
  name: 'functions'
  properties: {
    backendResourceId: functionApp.id
    region: location
  }
}

output functionAppName string = functionApp.name
output staticWebAppName string = web.name
output storageAccountName string = storage.name
