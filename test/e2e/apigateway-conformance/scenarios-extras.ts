// Replays of LocalStack's TestApiGatewayApiDocumentationPart and TestApiGatewayVpcLink
// (test_apigateway_api.py). The VPC link test made a Network Load Balancer first; here the
// target is a well-formed ARN, which is all API Gateway checks.
import * as AG from "@aws-sdk/client-api-gateway";
import type { ScenarioTable } from "./scenario.js";

const name = () => `test-api-${Math.random().toString(36).slice(2, 10)}`;
const PROPERTIES = '{ "description": "Sample API description" }';
const UPDATED = '{ "description": "Updated Sample API description" }';
const NLB = "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/net/nimbus-nlb/50dc6c495c0c9188";

export const extraScenarios: ScenarioTable = {
  "TestApiGatewayApiDocumentationPart::test_doc_parts_crud_no_api": async (t) => {
    await t.snap(
      "wrong-rest-api-id-create-doc-part",
      t.client.send(new AG.CreateDocumentationPartCommand({ restApiId: "test-fake-rest-id", location: { type: "API" }, properties: '{"info": {"description": "x"}}' })),
    );
    await t.snap("wrong-rest-api-id-get-doc-parts", t.client.send(new AG.GetDocumentationPartsCommand({ restApiId: "test-fake-rest-id" })));
  },

  "TestApiGatewayApiDocumentationPart::test_documentation_part_lifecycle": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "this is my api" }));
    const part = await t.snap("create-documentation-part", t.client.send(new AG.CreateDocumentationPartCommand({ restApiId: api.id, location: { type: "API" }, properties: PROPERTIES })));
    const key = { restApiId: api.id, documentationPartId: part?.id };
    await t.snap("get-documentation-part", t.client.send(new AG.GetDocumentationPartCommand(key)));
    await t.snap("get-documentation-parts", t.client.send(new AG.GetDocumentationPartsCommand({ restApiId: api.id })));
    await t.snap("update-documentation-part", t.client.send(new AG.UpdateDocumentationPartCommand({ ...key, patchOperations: [{ op: "replace", path: "/properties", value: UPDATED }] })));
    await t.snap("get-documentation-part-after-update", t.client.send(new AG.GetDocumentationPartCommand(key)));
    await t.snap("delete_documentation_part", t.client.send(new AG.DeleteDocumentationPartCommand(key)));
  },

  "TestApiGatewayApiDocumentationPart::test_invalid_get_documentation_part": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "this is my api" }));
    const part = await t.client.send(new AG.CreateDocumentationPartCommand({ restApiId: api.id, location: { type: "API" }, properties: PROPERTIES }));
    await t.snap("get-documentation-part-invalid-api-id", t.client.send(new AG.GetDocumentationPartCommand({ restApiId: "api_id", documentationPartId: part.id })));
    await t.snap("get-documentation-part-invalid-doc-id", t.client.send(new AG.GetDocumentationPartCommand({ restApiId: api.id, documentationPartId: "documentation_part_id" })));
  },

  "TestApiGatewayApiDocumentationPart::test_invalid_get_documentation_parts": async (t) => {
    await t.snap("get-inavlid-documentation-parts", t.client.send(new AG.GetDocumentationPartsCommand({ restApiId: "api_id" })));
  },

  "TestApiGatewayApiDocumentationPart::test_invalid_update_documentation_part": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "this is my api" }));
    const part = await t.client.send(new AG.CreateDocumentationPartCommand({ restApiId: api.id, location: { type: "API" }, properties: PROPERTIES }));
    const update = (restApiId: string | undefined, op: AG.PatchOperation) =>
      t.client.send(new AG.UpdateDocumentationPartCommand({ restApiId, documentationPartId: part.id, patchOperations: [op] }));
    await t.snap("update-documentation-part-invalid-api-id", update("api_id", { op: "replace", path: "/properties", value: UPDATED }));
    await t.snap("update-documentation-part-invalid-add-operation", update(api.id, { op: "add", path: "/properties", value: UPDATED }));
    await t.snap("update-documentation-part-invalid-path", update(api.id, { op: "replace", path: "/invalidPath", value: UPDATED }));
  },

  "TestApiGatewayApiDocumentationPart::test_invalid_create_documentation_part_operations": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "this is my api" }));
    await t.snap(
      "create_documentation_part_invalid_api_id",
      t.client.send(new AG.CreateDocumentationPartCommand({ restApiId: "api_id", location: { type: "API" }, properties: PROPERTIES })),
    );
    await t.snap(
      "create_documentation_part_invalid_location_type",
      t.client.send(new AG.CreateDocumentationPartCommand({ restApiId: api.id, location: { type: "INVALID" as AG.DocumentationPartType }, properties: PROPERTIES })),
    );
  },

  "TestApiGatewayApiDocumentationPart::test_invalid_delete_documentation_part": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "this is my api" }));
    const part = await t.client.send(new AG.CreateDocumentationPartCommand({ restApiId: api.id, location: { type: "API" }, properties: PROPERTIES }));
    const del = (restApiId: string | undefined) => t.client.send(new AG.DeleteDocumentationPartCommand({ restApiId, documentationPartId: part.id }));
    await t.snap("delete_documentation_part_wrong_api_id", del("api_id"));
    await t.snap("delete_documentation_part", del(api.id));
    await t.snap("delete_already_deleted_documentation_part", del(api.id));
  },

  "TestApiGatewayApiDocumentationPart::test_import_documentation_parts_bad_file": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name() }));
    const importParts = (body: string) => t.client.send(new AG.ImportDocumentationPartsCommand({ restApiId: api.id, body: Buffer.from(body) }));
    await t.snap("import-documentation-parts-bad-yaml-file", importParts("openapi: [3.0.1\ninfo: {"));
    await t.snap("import-documentation-parts-bad-json-file", importParts('{"openapi": "3.0.1", "info": '));
  },

  "TestApiGatewayVpcLink::test_vpc_link_lifecycle": async (t) => {
    t.value("nlb-arn", NLB);
    const linkName = `vpc-link-${Math.random().toString(36).slice(2, 8)}`;
    const link = await t.snap("create_vpc_link", t.client.send(new AG.CreateVpcLinkCommand({ name: linkName, targetArns: [NLB] })));
    await t.snap("get_vpc_link", t.client.send(new AG.GetVpcLinkCommand({ vpcLinkId: link?.id })));
    await t.snap("get_vpc_links", t.client.send(new AG.GetVpcLinksCommand({})));
    await t.snap(
      "update_vpc_link",
      t.client.send(new AG.UpdateVpcLinkCommand({ vpcLinkId: link?.id, patchOperations: [{ op: "replace", path: "/name", value: `${linkName}-updated` }] })),
    );
    await t.snap("delete_vpc_link", t.client.send(new AG.DeleteVpcLinkCommand({ vpcLinkId: link?.id })));
  },

  "TestApiGatewayVpcLink::test_create_vpc_link_invalid_parameters": async (t) => {
    await t.snap("create_vpc_link_invalid_target_arn", t.client.send(new AG.CreateVpcLinkCommand({ name: "vpc-link", targetArns: ["invalid-arn"] })));
    await t.snap("create_vpc_link_empty_name", t.client.send(new AG.CreateVpcLinkCommand({ name: "", targetArns: [NLB] })));
  },

  "TestApiGatewayVpcLink::test_get_vpc_link_invalid_id": async (t) => {
    await t.snap("get_vpc_link_invalid_id", t.client.send(new AG.GetVpcLinkCommand({ vpcLinkId: "invalid-id" })));
  },

  "TestApiGatewayVpcLink::test_delete_vpc_link_invalid_id": async (t) => {
    await t.snap("delete_vpc_link_invalid_id", t.client.send(new AG.DeleteVpcLinkCommand({ vpcLinkId: "invalid-id" })));
  },

  "TestApiGatewayVpcLink::test_update_vpc_link_invalid_id": async (t) => {
    await t.snap(
      "update_vpc_link_invalid_id",
      t.client.send(new AG.UpdateVpcLinkCommand({ vpcLinkId: "invalid-id", patchOperations: [{ op: "replace", path: "/name", value: "x" }] })),
    );
  },
};
