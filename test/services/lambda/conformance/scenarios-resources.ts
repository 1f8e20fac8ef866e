// Conformance scenarios: tags, permissions, concurrency, layers, size limits, account settings.
import type { Recorded } from "./client.js";
import type { Scenario, ScenarioFn } from "./scenario.js";

const S3_ARN = "arn:aws:s3:::test-bucket";
const manyTags = (n: number, from = 0) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${i + from}_key`, `${i + from}_value`]));
const fnArn = (r: Recorded) => (r.Configuration as { FunctionArn: string }).FunctionArn;

async function layerZip(s: Scenario): Promise<Buffer> {
  return s.zip("dummylayer");
}

export const resourceScenarios: Record<string, ScenarioFn> = {
  "TestLambdaTag::test_create_tag_on_fn_create": async (s) => {
    const fn = s.name();
    await s.fixture(fn, { Tags: { testtag: "tag-custom1" } });
    const got = await s.call("GetFunction", { FunctionName: fn });
    s.record("get_function_result", got);
    s.record("list_tags_result", await s.call("ListTags", { Resource: fnArn(got) }));
  },

  "TestLambdaTag::test_tag_lifecycle": async (s) => {
    const fn = s.name();
    await s.fixture(fn);
    const arn = s.arn(fn);
    const tag = async (key: string, tags: Record<string, string>) => {
      s.record(key, await s.call("TagResource", { Resource: arn, Tags: tags }));
      s.record(`${key}_listtags`, await s.call("ListTags", { Resource: arn }));
    };
    const untag = async (key: string, keys: string[]) => {
      s.record(key, await s.call("UntagResource", { Resource: arn, TagKeys: keys }));
      s.record(`${key}_listtags`, await s.call("ListTags", { Resource: arn }));
    };
    await tag("tag_single_response", { A: "tag-a" });
    await tag("tag_multiple_response", { B: "tag-b", C: "tag-c" });
    await tag("tag_overlap_response", { C: "tag-c-newsuffix", D: "tag-d" });
    await untag("untag_single_response", ["A"]);
    await untag("untag_multiple_response", ["B", "C"]);
    await untag("untag_nonexisting_response", ["F"]);
    await untag("untag_existing_and_nonexisting_response", ["D", "F"]);
  },

  "TestLambdaTag::test_tag_nonexisting_resource": async (s) => {
    const fn = s.name();
    await s.fixture(fn);
    const arn = s.arn(fn);
    s.record("pre_delete_get_function", await s.call("GetFunction", { FunctionName: arn }));
    await s.call("DeleteFunction", { FunctionName: arn });
    s.record("not_found_exception_tag", await s.call("TagResource", { Resource: arn, Tags: { A: "B" } }));
    s.record("not_found_exception_untag", await s.call("UntagResource", { Resource: arn, TagKeys: ["A"] }));
    s.record("not_found_exception_list", await s.call("ListTags", { Resource: arn }));
  },

  "TestLambdaTags::test_tag_exceptions": async (s) => {
    const fn = s.name();
    await s.fixture(fn);
    const arn = s.arn(fn);
    s.record("tag_lambda_invalidarn", await s.call("TagResource", { Resource: "arn:aws:something", Tags: { key_a: "value_a" } }));
    s.record("tag_lambda_doesnotexist", await s.call("TagResource", { Resource: s.arn("doesnotexist"), Tags: { key_a: "value_a" } }));
    s.record("tag_lambda_qualifier_doesnotexist", await s.call("TagResource", { Resource: `${arn}:v1`, Tags: { key_a: "value_a" } }));
    s.record("list_tag_lambda_empty", await s.call("ListTags", { Resource: arn }));
    s.record("untag_nomatch", await s.call("UntagResource", { Resource: arn, TagKeys: ["somekey"] }));
    s.record("untag_empty_keys", await s.call("UntagResource", { Resource: arn }));
    s.record("tag_empty_tags", await s.call("TagResource", { Resource: arn, Tags: {} }));
  },

  "TestLambdaTags::test_tag_limits": async (s) => {
    const fn = s.name();
    await s.fixture(fn);
    const arn = s.arn(fn);
    s.record("tag_lambda_too_many_tags", await s.call("TagResource", { Resource: arn, Tags: manyTags(51) }));
    s.record("tag_response", await s.call("TagResource", { Resource: arn, Tags: manyTags(50) }));
    s.record("list_tags_response", await s.call("ListTags", { Resource: arn }));
    s.record("get_fn_response", await s.call("GetFunction", { FunctionName: fn }));
    s.record("tag_lambda_too_many_tags_additional", await s.call("TagResource", { Resource: arn, Tags: { a_key: "a_value" } }));
    s.record("create_function_invalid_tags", (await s.fixture(s.name(), { Tags: manyTags(51) })).CreateFunctionResponse);
  },

  "TestLambdaTags::test_tag_lifecycle": async (s) => {
    const fn = s.name();
    await s.fixture(fn, { Tags: { key_a: "value_a" } });
    const arn = s.arn(fn);
    const both = async (suffix: string) => {
      s.record(`list_tags_response_${suffix}`, await s.call("ListTags", { Resource: arn }));
      s.record(`get_fn_response_${suffix}`, await s.call("GetFunction", { FunctionName: fn }));
    };
    await both("postfncreate");
    s.record("tag_resource_response", await s.call("TagResource", { Resource: arn, Tags: { key_b: "value_b", key_c: "value_c", key_d: "value_d", key_e: "value_e" } }));
    await both("postaddtags");
    s.record("tag_resource_overwrite", await s.call("TagResource", { Resource: arn, Tags: { key_c: "value_x" } }));
    await both("overwrite");
    await s.call("UntagResource", { Resource: arn, TagKeys: ["key_c", "key_d"] });
    await both("postuntag");
    await s.call("UntagResource", { Resource: arn, TagKeys: ["key_a", "key_b", "key_e"] });
    await both("postuntagall");
    await s.call("DeleteFunction", { FunctionName: fn });
    s.record("list_tags_postdelete", await s.call("ListTags", { Resource: arn }));
  },

  "TestLambdaTags::test_tag_versions": async (s) => {
    const fn = s.name();
    await s.fixture(fn, { Tags: { key_a: "value_a" } });
    const v = await s.call("PublishVersion", { FunctionName: fn });
    s.record("tag_resource_exception", await s.call("TagResource", { Resource: s.arn(fn, String(v.Version)), Tags: { key_b: "value_b" } }));
    s.record("tag_resource_latest_exception", await s.call("TagResource", { Resource: s.arn(fn, "$LATEST"), Tags: { key_b: "value_b" } }));
  },

  "TestLambdaReservedConcurrency::test_function_concurrency_exceptions": async (s) => {
    s.record("put_function_concurrency_with_function_name_doesnotexist", await s.call("PutFunctionConcurrency", { FunctionName: "doesnotexist", ReservedConcurrentExecutions: 1 }));
    s.record(
      "put_function_concurrency_with_function_name_doesnotexist_and_invalid_concurrency",
      await s.call("PutFunctionConcurrency", { FunctionName: "doesnotexist", ReservedConcurrentExecutions: 0 }),
    );
    const fn = s.name();
    await s.fixture(fn);
    const latest = await s.call("GetFunctionConfiguration", { FunctionName: fn, Qualifier: "$LATEST" });
    s.record("put_function_concurrency_with_qualified_arn", await s.call("PutFunctionConcurrency", { FunctionName: latest.FunctionArn, ReservedConcurrentExecutions: 0 }));
  },

  "TestLambdaReservedConcurrency::test_function_concurrency_limits": async (s) => {
    const fn = s.name();
    await s.fixture(fn);
    const limit = ((await s.call("GetAccountSettings")).AccountLimit as { ConcurrentExecutions: number }).ConcurrentExecutions;
    s.record("put_function_concurrency_account_limit_exceeded", await s.call("PutFunctionConcurrency", { FunctionName: fn, ReservedConcurrentExecutions: limit + 1 }));
    s.record("put_function_concurrency_below_unreserved_min_value", await s.call("PutFunctionConcurrency", { FunctionName: fn, ReservedConcurrentExecutions: limit }));
  },

  "TestLambdaReservedConcurrency::test_function_concurrency": async (s) => {
    const fn = s.name();
    await s.fixture(fn);
    s.record("put_function_concurrency_with_reserved_0", await s.call("PutFunctionConcurrency", { FunctionName: fn, ReservedConcurrentExecutions: 0 }));
    s.record("put_function_concurrency_with_reserved_1", await s.call("PutFunctionConcurrency", { FunctionName: fn, ReservedConcurrentExecutions: 1 }));
    s.record("get_function_concurrency", await s.call("GetFunctionConcurrency", { FunctionName: fn }));
    s.record("delete_response", await s.call("DeleteFunctionConcurrency", { FunctionName: fn }));
    s.record("get_function_concurrency_after_delete", await s.call("GetFunctionConcurrency", { FunctionName: fn }));
  },

  "TestLambdaProvisionedConcurrency::test_provisioned_concurrency_exceptions": async (s) => {
    const fn = s.name();
    await s.fixture(fn);
    const v = await s.call("PublishVersion", { FunctionName: fn });
    s.record("publish_version_result", v);
    const version = String(v.Version);
    const get = (name: string, q: string) => s.call("GetProvisionedConcurrencyConfig", { FunctionName: name, Qualifier: q });
    const del = (name: string, q: string) => s.call("DeleteProvisionedConcurrencyConfig", { FunctionName: name, Qualifier: q });
    const put = (name: string, q: string, n = 1) => s.call("PutProvisionedConcurrencyConfig", { FunctionName: name, Qualifier: q, ProvisionedConcurrentExecutions: n });
    s.record("get_provisioned_config_doesnotexist", await get(fn, version));
    s.record("get_provisioned_functionname_doesnotexist", await get("doesnotexist", "noalias"));
    s.record("get_provisioned_qualifier_doesnotexist", await get(fn, "noalias"));
    s.record("get_provisioned_version_doesnotexist", await get(fn, "10"));
    s.record("get_provisioned_latest", await get(fn, "$LATEST"));
    s.record("list_provisioned_noconfigs", await s.call("ListProvisionedConcurrencyConfigs", { FunctionName: fn }));
    s.record("list_provisioned_functionname_doesnotexist", await s.call("ListProvisionedConcurrencyConfigs", { FunctionName: "doesnotexist" }));
    s.record("delete_provisioned_functionname_doesnotexist", await del("doesnotexist", version));
    s.record("delete_provisioned_qualifier_doesnotexist", await del(fn, "noalias"));
    s.record("delete_provisioned_version_doesnotexist", await del(fn, "10"));
    s.record("delete_provisioned_latest", await del(fn, "$LATEST"));
    s.record("delete_provisioned_config_doesnotexist", await del(fn, version));
    s.record("put_provisioned_invalid_param_0", await put(fn, version, 0));
    s.record("put_provisioned_functionname_doesnotexist_alias", await put("doesnotexist", "noalias"));
    s.record("put_provisioned_functionname_doesnotexist_version", await put("doesnotexist", "1"));
    s.record("put_provisioned_qualifier_doesnotexist", await put(fn, "doesnotexist"));
    s.record("put_provisioned_version_doesnotexist", await put(fn, "10"));
    s.record("put_provisioned_latest", await put(fn, "$LATEST"));
  },

  "TestLambdaProvisionedConcurrency::test_provisioned_concurrency_limits": async (s) => {
    const fn = s.name();
    await s.fixture(fn);
    const version = String((await s.call("PublishVersion", { FunctionName: fn })).Version);
    const limit = ((await s.call("GetAccountSettings")).AccountLimit as { ConcurrentExecutions: number }).ConcurrentExecutions;
    const put = (n: number) => s.call("PutProvisionedConcurrencyConfig", { FunctionName: fn, Qualifier: version, ProvisionedConcurrentExecutions: n });
    s.record("put_provisioned_concurrency_account_limit_exceeded", await put(limit + 1));
    s.record("put_provisioned_concurrency_below_unreserved_min_value", await put(limit));
  },

  "TestLambdaProvisionedConcurrency::test_lambda_provisioned_lifecycle": async (s) => {
    const fn = s.name();
    await s.fixture(fn);
    const v = await s.call("PublishVersion", { FunctionName: fn });
    s.record("publish_version_result", v);
    const version = String(v.Version);
    const alias = s.name("alias");
    s.record("create_alias_result", await s.call("CreateAlias", { FunctionName: fn, Name: alias, FunctionVersion: version }));
    const put = (q: string) => s.call("PutProvisionedConcurrencyConfig", { FunctionName: fn, Qualifier: q, ProvisionedConcurrentExecutions: 1 });
    s.record("put_provisioned_on_version", await put(version));
    s.record("put_provisioned_on_alias_versionconflict", await put(alias));
    s.record("delete_provisioned_version", await s.call("DeleteProvisionedConcurrencyConfig", { FunctionName: fn, Qualifier: version }));
    s.record("get_provisioned_version_postdelete", await s.call("GetProvisionedConcurrencyConfig", { FunctionName: fn, Qualifier: version }));
    s.record("put_provisioned_on_alias", await put(alias));
    s.record("put_provisioned_on_version_conflict", await put(version));
    s.record("delete_alias_result", await s.call("DeleteAlias", { FunctionName: fn, Name: alias }));
    s.record("get_provisioned_alias_postaliasdelete", await s.call("GetProvisionedConcurrencyConfig", { FunctionName: fn, Qualifier: alias }));
    s.record("list_response_postdeletes", await s.call("ListProvisionedConcurrencyConfigs", { FunctionName: fn }));
  },

  "TestLambdaPermissions::test_permission_exceptions": async (s) => {
    const fn = s.name("lambda_func");
    await s.fixture(fn);
    const add = (extra: Record<string, unknown>) =>
      s.call("AddPermission", { FunctionName: fn, Action: "lambda:InvokeFunction", StatementId: "s3", Principal: "s3.amazonaws.com", SourceArn: S3_ARN, ...extra });
    s.record("add_permission_invalid_statement_id", await s.call("AddPermission", { FunctionName: fn, Action: "lambda:InvokeFunction", StatementId: "example.com", Principal: "s3.amazonaws.com" }));
    s.record("add_permission_fn_qualifier_mismatch", await add({ FunctionName: `${fn}:alias-not-42`, Qualifier: "42" }));
    s.record("add_permission_fn_qualifier_latest", await add({ FunctionName: `${fn}:$LATEST`, Qualifier: "$LATEST" }));
    s.record(
      "add_permission_principal_invalid",
      await s.call("AddPermission", { FunctionName: fn, Action: "lambda:InvokeFunction", StatementId: "lambda", Principal: "invalid.nonaws.com", SourceAccount: s.account }),
    );
    s.record("get_policy_fn_doesnotexist", await s.call("GetPolicy", { FunctionName: "doesnotexist" }));
    s.record("get_policy_fn_version_doesnotexist", await s.call("GetPolicy", { FunctionName: fn, Qualifier: "77" }));
    s.record("add_permission_fn_doesnotexist", await add({ FunctionName: "doesnotexist" }));
    s.record("remove_permission_policy_doesnotexist", await s.call("RemovePermission", { FunctionName: fn, StatementId: "s3" }));
    s.record("add_permission_fn_alias_doesnotexist", await add({ FunctionName: `${fn}:alias-doesnotexist` }));
    s.record("add_permission_fn_version_doesnotexist", await add({ Qualifier: "42" }));
    s.record("add_permission_fn_qualifier_invalid", await add({ Qualifier: "invalid-qualifier-with-?-char" }));
    s.record("add_permission_fn_qualifier_valid_doesnotexist", await add({ Qualifier: "valid-with-$-but-doesnotexist" }));
    await add({});
    s.record("add_permission_conflicting_statement_id", await add({}));
    s.record("remove_permission_fn_doesnotexist", await s.call("RemovePermission", { FunctionName: "doesnotexist", StatementId: "s3" }));
    s.record("remove_permission_fn_alias_doesnotexist", await s.call("RemovePermission", { FunctionName: fn, StatementId: "s3", Qualifier: "alias-doesnotexist" }));
  },

  "TestLambdaPermissions::test_add_lambda_permission_aws": async (s) => {
    const fn = s.name("lambda_func");
    s.record("create_lambda", await s.fixture(fn));
    s.record("add_permission", await s.call("AddPermission", { FunctionName: fn, Action: "lambda:InvokeFunction", StatementId: "s3", Principal: "s3.amazonaws.com", SourceArn: S3_ARN }));
    s.record("get_policy", await s.call("GetPolicy", { FunctionName: fn }));
  },

  "TestLambdaPermissions::test_lambda_permission_fn_versioning": async (s) => {
    const fn = s.name("lambda_func");
    await s.fixture(fn);
    const base = { Action: "lambda:InvokeFunction", StatementId: "s3", Principal: "s3.amazonaws.com", SourceArn: S3_ARN };
    s.record("add_permission", await s.call("AddPermission", { FunctionName: fn, ...base }));
    s.record("get_policy", await s.call("GetPolicy", { FunctionName: fn }));
    const v = await s.call("PublishVersion", { FunctionName: fn });
    s.record("publish_version_result", v);
    const version = String(v.Version);
    s.record("get_function_result_after_publishing", await s.call("GetFunction", { FunctionName: fn }));
    s.record("get_policy_after_publishing_latest", await s.call("GetPolicy", { FunctionName: fn }));
    s.record("get_policy_after_publishing_new_version", await s.call("GetPolicy", { FunctionName: fn, Qualifier: version }));
    await s.call("AddPermission", { FunctionName: `${fn}:${version}`, Qualifier: version, ...base });
    s.record("get_policy_version", await s.call("GetPolicy", { FunctionName: fn, Qualifier: version }));
    const alias = await s.call("CreateAlias", { FunctionName: fn, Name: "permission-alias", FunctionVersion: version });
    s.record("create_alias_response", alias);
    s.record("get_alias", await s.call("GetAlias", { FunctionName: fn, Name: "permission-alias" }));
    s.record("add_permission_alias_revision_exception", await s.call("AddPermission", { FunctionName: fn, Qualifier: "permission-alias", RevisionId: "wrong", ...base }));
    await s.call("AddPermission", { FunctionName: `${fn}:permission-alias`, Qualifier: "permission-alias", RevisionId: alias.RevisionId, ...base });
    s.record("get_policy_alias", await s.call("GetPolicy", { FunctionName: fn, Qualifier: "permission-alias" }));
    const policy = await s.call("GetPolicy", { FunctionName: fn });
    s.record("get_policy_after_adding_to_new_version", policy);
    await s.call("AddPermission", { FunctionName: fn, ...base, StatementId: "s3_2", RevisionId: policy.RevisionId });
    s.record("get_policy_after_adding_2", await s.call("GetPolicy", { FunctionName: fn }));
  },

  "TestLambdaPermissions::test_add_lambda_permission_fields": async (s) => {
    const fn = s.name("lambda_func");
    await s.fixture(fn);
    const add = (input: Record<string, unknown>) => s.call("AddPermission", { FunctionName: fn, Action: "lambda:InvokeFunction", ...input });
    s.record("add_permission_principal_wildcard", await add({ StatementId: "wilcard", Principal: "*", SourceAccount: s.account }));
    s.record("add_permission_principal_service", await add({ StatementId: "lambda", Principal: "lambda.amazonaws.com", SourceAccount: s.account }));
    s.record("add_permission_principal_account", await add({ StatementId: "account-id", Principal: s.account }));
    s.record("add_permission_principal_arn", await add({ StatementId: "user-arn", Principal: `arn:aws:iam::${s.account}:root`, SourceAccount: s.account }));
    s.record(
      "add_permission_optional_fields",
      await add({ StatementId: "urlPermission", Action: "lambda:InvokeFunctionUrl", Principal: "*", SourceArn: S3_ARN, SourceAccount: s.account, PrincipalOrgID: "o-1234567890", FunctionUrlAuthType: "NONE" }),
    );
    s.record("add_permission_alexa_skill", await add({ StatementId: "alexaSkill", Principal: "*", EventSourceToken: "amzn1.ask.skill.xxxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" }));
  },

  "TestLambdaPermissions::test_remove_multi_permissions": async (s) => {
    const fn = s.name("lambda_func");
    await s.fixture(fn);
    s.record("add_permission_1", await s.call("AddPermission", { FunctionName: fn, Action: "lambda:InvokeFunction", StatementId: "s3", Principal: "s3.amazonaws.com" }));
    s.record("add_permission_2", await s.call("AddPermission", { FunctionName: fn, Action: "lambda:InvokeFunction", StatementId: "sqs", Principal: "sqs.amazonaws.com", SourceArn: S3_ARN }));
    s.record("policy_after_2_add", await s.call("GetPolicy", { FunctionName: fn }));
    s.record("remove_permission_exception_nonexisting_sid", await s.call("RemovePermission", { FunctionName: fn, StatementId: "non-existent" }));
    await s.call("RemovePermission", { FunctionName: fn, StatementId: "sqs" });
    s.record("policy_after_removal", await s.call("GetPolicy", { FunctionName: fn }));
    const attempt = await s.call("GetPolicy", { FunctionName: fn });
    s.record("policy_after_removal_attempt", attempt);
    await s.call("RemovePermission", { FunctionName: fn, StatementId: "s3", RevisionId: attempt.RevisionId });
    s.record("get_policy_exception_removed_all", await s.call("GetPolicy", { FunctionName: fn }));
  },

  "TestLambdaPermissions::test_create_multiple_lambda_permissions": async (s) => {
    const fn = s.name("test-function");
    await s.fixture(fn);
    s.record("add_permission_response_1", await s.call("AddPermission", { FunctionName: fn, Action: "lambda:InvokeFunction", StatementId: "logs", Principal: "logs.amazonaws.com" }));
    s.record("add_permission_response_2", await s.call("AddPermission", { FunctionName: fn, Action: "lambda:InvokeFunction", StatementId: "kinesis", Principal: "kinesis.amazonaws.com" }));
    s.record("policy_after_2_add", await s.call("GetPolicy", { FunctionName: fn }));
  },

  "TestLambdaLayer::test_layer_exceptions": async (s) => {
    const layer = s.name("testlayer");
    const zip = await layerZip(s);
    const published = await s.call("PublishLayerVersion", { LayerName: layer, CompatibleRuntimes: ["python3.12"], Content: { ZipFile: zip }, CompatibleArchitectures: ["x86_64"] });
    s.record("publish_result", published);
    s.record("list_layers_exc_compatibleruntime_invalid", await s.call("ListLayers", { CompatibleRuntime: "runtimedoesnotexist" }));
    s.record("list_layers_exc_compatiblearchitecture_invalid", await s.call("ListLayers", { CompatibleArchitecture: "archdoesnotexist" }));
    s.record("list_nonexistent_layer", await s.call("ListLayerVersions", { LayerName: "layerdoesnotexist" }));
    s.record("get_layer_version_exc_layer_doesnotexist", await s.call("GetLayerVersion", { LayerName: "layerdoesnotexist", VersionNumber: 1 }));
    s.record("get_layer_version_exc_layer_version_doesnotexist_negative", await s.call("GetLayerVersion", { LayerName: layer, VersionNumber: -1 }));
    s.record("get_layer_version_exc_layer_version_doesnotexist_zero", await s.call("GetLayerVersion", { LayerName: layer, VersionNumber: 0 }));
    s.record("get_layer_version_exc_layer_version_doesnotexist_2", await s.call("GetLayerVersion", { LayerName: layer, VersionNumber: 2 }));
    s.record("get_layer_version_by_arn_exc_invalidarn", await s.call("GetLayerVersionByArn", { Arn: published.LayerArn }));
    s.record("get_layer_version_by_arn_exc_nonexistentversion", await s.call("GetLayerVersionByArn", { Arn: `${published.LayerArn}:2` }));
    s.record("delete_nonexistent_response", await s.call("DeleteLayerVersion", { LayerName: "layerdoesnotexist", VersionNumber: 1 }));
    s.record("delete_nonexistent_version_response", await s.call("DeleteLayerVersion", { LayerName: layer, VersionNumber: 2 }));
    s.record("delete_layer_response", await s.call("DeleteLayerVersion", { LayerName: layer, VersionNumber: 1 }));
    s.record("delete_layer_again_response", await s.call("DeleteLayerVersion", { LayerName: layer, VersionNumber: 1 }));
    s.record("delete_layer_version_exc_layerversion_invalid_version", await s.call("DeleteLayerVersion", { LayerName: layer, VersionNumber: -1 }));
    s.record("publish_empty_result", await s.call("PublishLayerVersion", { LayerName: s.name("testlayer-empty"), Content: { ZipFile: zip }, CompatibleRuntimes: [], CompatibleArchitectures: [] }));
    s.record(
      "publish_layer_version_exc_invalid_runtime_arch",
      await s.call("PublishLayerVersion", { LayerName: s.name("testlayer-2"), Content: { ZipFile: zip }, CompatibleRuntimes: ["invalidruntime"], CompatibleArchitectures: ["invalidarch"] }),
    );
    s.record(
      "publish_layer_version_exc_partially_invalid_values",
      await s.call("PublishLayerVersion", {
        LayerName: s.name("testlayer-2"),
        Content: { ZipFile: zip },
        CompatibleRuntimes: ["invalidruntime", "invalidruntime2", "nodejs20.x"],
        CompatibleArchitectures: ["invalidarch", "x86_64"],
      }),
    );
  },

  "TestLambdaLayer::test_layer_lifecycle": async (s) => {
    const fn = s.name("fn-layer");
    const layer = s.name("testlayer");
    const zip = await layerZip(s);
    await s.fixture(fn);
    s.record("get_fn_result", await s.call("GetFunction", { FunctionName: fn }));
    s.record("get_fn_config_result", await s.call("GetFunctionConfiguration", { FunctionName: fn }));
    const publish = () =>
      s.call("PublishLayerVersion", {
        LayerName: layer,
        CompatibleRuntimes: ["python3.12"],
        LicenseInfo: "licenseinfo-x1",
        Description: "description-x1",
        Content: { ZipFile: zip },
        CompatibleArchitectures: ["x86_64"],
      });
    const first = await publish();
    s.record("publish_result", first);
    s.record("publish_result_2", await publish());
    s.record("update_fn_config", await s.call("UpdateFunctionConfiguration", { FunctionName: fn, Layers: [first.LayerVersionArn] }));
    s.record("get_fn_config", await s.call("GetFunctionConfiguration", { FunctionName: fn }));
    s.record("get_layer_ver_result", await s.call("GetLayerVersion", { LayerName: layer, VersionNumber: first.Version }));
    s.record("get_layer_by_arn_version", await s.call("GetLayerVersionByArn", { Arn: first.LayerVersionArn }));
    s.record("list_layer_versions_predelete", await s.call("ListLayerVersions", { LayerName: layer }));
    s.record("delete_layer_1", await s.call("DeleteLayerVersion", { LayerName: layer, VersionNumber: 1 }));
    s.record("get_fn_config_postdelete", await s.call("GetFunctionConfiguration", { FunctionName: fn }));
    s.record("delete_layer_2", await s.call("DeleteLayerVersion", { LayerName: layer, VersionNumber: 2 }));
    s.record("list_layer_versions_postdelete", await s.call("ListLayerVersions", { LayerName: layer }));
    s.record("publish_result_3", await publish());
  },

  "TestLambdaSizeLimits::test_large_environment_variables_fails": async (s) => {
    const out = await s.fixture(s.name("large-envvar-lambda"), { Environment: { Variables: { LARGE_VAR: "x".repeat(4096 - 6 - 9) } } });
    s.record("failed_create_fn_result", out.CreateFunctionResponse);
  },

  "TestLambdaSizeLimits::test_large_environment_fails_multiple_keys": async (s) => {
    const out = await s.fixture(s.name("large-envvar-lambda"), { Environment: { Variables: { SMALL_VAR: "ok", LARGE_VAR: "x".repeat(4064) } } });
    s.record("failured_create_fn_result_multi_key", out.CreateFunctionResponse);
  },

  "TestLambdaSizeLimits::test_lambda_envvars_near_limit_succeeds": async (s) => {
    s.record("successful_create_fn_result", await s.fixture(s.name("large-envvar-lambda"), { Environment: { Variables: { LARGE_VAR: "x".repeat(4096 - 7 - 9) } } }));
  },

  "TestLambdaSizeLimits::test_oversized_unzipped_lambda": async (s) => {
    // AWS reads the zip from S3; Nimbus takes the same archive uploaded directly.
    const big = await bigZip();
    s.record(
      "invalid_param_exc",
      await s.call("CreateFunction", { FunctionName: s.name("test_lambda"), Runtime: "python3.9", Handler: "handler.handler", Role: s.role, Code: { ZipFile: big }, Timeout: 10 }),
    );
  },

  "TestLambdaAccountSettings::test_account_settings": async (s) => {
    const settings = await s.call("GetAccountSettings");
    s.record("acc_settings_modded", {
      ...settings,
      AccountLimit: Object.keys(settings.AccountLimit as object).sort(),
      AccountUsage: Object.keys(settings.AccountUsage as object).sort(),
    });
  },
};

/** A zip whose one entry inflates to 250 MB (262144000 bytes) of '#': over the unzipped limit with the handler. */
async function bigZip(): Promise<Buffer> {
  const { default: yazl } = await import("yazl");
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.alloc(262_144_000, 0x23), "handler.py");
    zip.addBuffer(Buffer.from("def handler(e, c):\n    return e\n"), "other.py");
    zip.end();
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on("error", reject);
  });
}
