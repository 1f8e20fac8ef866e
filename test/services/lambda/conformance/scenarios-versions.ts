// Conformance scenarios: versions, aliases and revision ids (TestLambdaVersions, TestLambdaAlias,
// TestLambdaRevisions).
import type { Recorded } from "./client.js";
import type { Scenario, ScenarioFn } from "./scenario.js";

/** LocalStack's create_lambda_function_aws: exactly the arguments given (an echo handler zip). */
async function createAws(s: Scenario, name: string, extra: Record<string, unknown> = {}): Promise<Recorded> {
  return s.call("CreateFunction", {
    FunctionName: name,
    Handler: "index.handler",
    Code: { ZipFile: await s.zip() },
    PackageType: "Zip",
    Role: s.role,
    Runtime: "python3.12",
    ...extra,
  });
}

const sha = (r: Recorded) => (r.Configuration as { CodeSha256: string }).CodeSha256;
const rev = (r: Recorded) => ((r.Configuration as Recorded | undefined) ?? r).RevisionId as string;

export const versionScenarios: Record<string, ScenarioFn> = {
  "TestLambdaVersions::test_publish_version_on_create": async (s) => {
    const fn = s.name();
    s.record("create_response", await createAws(s, fn, { Publish: true }));
    s.record("get_function_result", await s.call("GetFunction", { FunctionName: fn }));
    s.record("get_function_version_result", await s.call("GetFunction", { FunctionName: fn, Qualifier: "1" }));
    s.record("get_function_latest_result", await s.call("GetFunction", { FunctionName: fn, Qualifier: "$LATEST" }));
    s.record("list_versions_result", await s.call("ListVersionsByFunction", { FunctionName: fn }));
    s.record("repeated_publish_response", await s.call("PublishVersion", { FunctionName: fn, Description: "Repeated version description :)" }));
    s.record("list_versions_result_after_publish", await s.call("ListVersionsByFunction", { FunctionName: fn }));
  },

  "TestLambdaVersions::test_version_lifecycle": async (s) => {
    const fn = s.name();
    s.record("create_response", await createAws(s, fn, { Description: "No version :(" }));
    s.record("get_function_result", await s.call("GetFunction", { FunctionName: fn }));
    s.record("list_versions_result", await s.call("ListVersionsByFunction", { FunctionName: fn }));
    s.record("first_update_response", await s.call("UpdateFunctionConfiguration", { FunctionName: fn, Description: "First version :)" }));
    s.record("first_update_get_function", await s.call("GetFunction", { FunctionName: fn }));
    const first = await s.call("PublishVersion", { FunctionName: fn, Description: "First version description :)" });
    s.record("first_publish_response", first);
    s.record("first_publish_get_function", await s.call("GetFunction", { FunctionName: fn, Qualifier: first.Version }));
    s.record("first_publish_get_function_config", await s.call("GetFunctionConfiguration", { FunctionName: fn, Qualifier: first.Version }));
    s.record("second_update_response", await s.call("UpdateFunctionConfiguration", { FunctionName: fn, Description: "Second version :))" }));
    s.record("first_publish_get_function_after_update", await s.call("GetFunction", { FunctionName: fn, Qualifier: first.Version }));
    s.record("second_publish_response", await s.call("PublishVersion", { FunctionName: fn }));
    s.record("third_publish_response", await s.call("PublishVersion", { FunctionName: fn, Description: "Third version description :)))" }));
    s.record("list_versions_result_after_third_publish", await s.call("ListVersionsByFunction", { FunctionName: fn }));
    await s.call("DeleteFunction", { FunctionName: fn, Qualifier: first.Version });
    s.record("list_versions_result_after_deletion_of_first_version", await s.call("ListVersionsByFunction", { FunctionName: fn }));
  },

  "TestLambdaVersions::test_publish_with_wrong_revisionid": async (s) => {
    const fn = s.name();
    s.record("create_response", await createAws(s, fn));
    const got = await s.call("GetFunction", { FunctionName: fn });
    s.record("get_fn_response", got);
    s.record("publish_wrong_revisionid_exc", await s.call("PublishVersion", { FunctionName: fn, RevisionId: "somenonexistentrevisionid" }));
    s.record("publish_result", await s.call("PublishVersion", { FunctionName: fn, RevisionId: rev(got) }));
  },

  "TestLambdaVersions::test_publish_with_wrong_sha256": async (s) => {
    const fn = s.name();
    s.record("create_response", await createAws(s, fn));
    const got = await s.call("GetFunction", { FunctionName: fn });
    s.record("get_fn_response", got);
    s.record("publish_wrong_sha256_exc", await s.call("PublishVersion", { FunctionName: fn, CodeSha256: "somenonexistentsha256" }));
    s.record("publish_result", await s.call("PublishVersion", { FunctionName: fn, CodeSha256: sha(got) }));
  },

  "TestLambdaVersions::test_publish_with_update": async (s) => {
    const fn = s.name();
    s.record("create_response", await createAws(s, fn));
    s.record("get_function_result", await s.call("GetFunction", { FunctionName: fn }));
    s.record("update_function_code_result", await s.call("UpdateFunctionCode", { FunctionName: fn, ZipFile: await s.zip("version"), Publish: true }));
    s.record("get_function_version_result", await s.call("GetFunction", { FunctionName: fn, Qualifier: "1" }));
    s.record("get_function_latest_result", await s.call("GetFunction", { FunctionName: fn, Qualifier: "$LATEST" }));
  },

  "TestLambdaAlias::test_alias_lifecycle": async (s) => {
    const fn = s.name("alias-fn");
    s.record("create_response", await createAws(s, fn, { Environment: { Variables: { testenv: "staging" } } }));
    s.record("publish_v1", await s.call("PublishVersion", { FunctionName: fn }));
    await s.call("UpdateFunctionConfiguration", { FunctionName: fn, Environment: { Variables: { testenv: "prod" } } });
    s.record("publish_v2", await s.call("PublishVersion", { FunctionName: fn }));
    const a11 = await s.call("CreateAlias", { FunctionName: fn, Name: "aliasname1_1", FunctionVersion: "1", Description: "custom-alias", RoutingConfig: { AdditionalVersionWeights: { "2": 0.2 } } });
    s.record("create_alias_1_1", a11);
    s.record("get_alias_1_1", await s.call("GetAlias", { FunctionName: fn, Name: "aliasname1_1" }));
    s.record("get_function_alias_1_1", await s.call("GetFunction", { FunctionName: fn, Qualifier: "aliasname1_1" }));
    s.record("get_function_byarn_alias_1_1", await s.call("GetFunction", { FunctionName: a11.AliasArn }));
    s.record("get_function_alias_notfound_exc", await s.call("GetFunction", { FunctionName: fn, Qualifier: "aliasdoesnotexist" }));
    s.record("get_function_alias_byarn_notfound_exc", await s.call("GetFunction", { FunctionName: String(a11.AliasArn).replace("aliasname1_1", "aliasdoesnotexist") }));
    s.record("create_alias_1_2", await s.call("CreateAlias", { FunctionName: fn, Name: "aliasname1_2", FunctionVersion: "1", Description: "custom-alias" }));
    s.record("get_alias_1_2", await s.call("GetAlias", { FunctionName: fn, Name: "aliasname1_2" }));
    s.record("create_alias_1_3", await s.call("CreateAlias", { FunctionName: fn, Name: "aliasname1_3", FunctionVersion: "1" }));
    s.record("get_alias_1_3", await s.call("GetAlias", { FunctionName: fn, Name: "aliasname1_3" }));
    s.record("create_alias_2", await s.call("CreateAlias", { FunctionName: fn, Name: "aliasname2", FunctionVersion: "2", Description: "custom-alias" }));
    s.record("get_alias_2", await s.call("GetAlias", { FunctionName: fn, Name: "aliasname2" }));
    s.record("list_aliases_for_fnname", await s.paginate("ListAliases", { FunctionName: fn }, "Aliases", 1));
    s.record("update_alias_1_1", await s.call("UpdateAlias", { FunctionName: fn, Name: "aliasname1_1", RoutingConfig: { AdditionalVersionWeights: {} } }));
    s.record("get_alias_1_1_after_update", await s.call("GetAlias", { FunctionName: fn, Name: "aliasname1_1" }));
    s.record("list_aliases_for_fnname_after_update", await s.call("ListAliases", { FunctionName: fn }));
    s.record("update_alias_1_2", await s.call("UpdateAlias", { FunctionName: fn, Name: "aliasname1_2" }));
    s.record("get_alias_1_2_after_update", await s.call("GetAlias", { FunctionName: fn, Name: "aliasname1_2" }));
    s.record("list_aliases_for_fnname_after_update_2", await s.call("ListAliases", { FunctionName: fn }));
    s.record("list_aliases_for_version", await s.call("ListAliases", { FunctionName: fn, FunctionVersion: "1" }));
    s.record("delete_alias_response", await s.call("DeleteAlias", { FunctionName: fn, Name: "aliasname1_1" }));
    s.record("list_aliases_for_fnname_afterdelete", await s.call("ListAliases", { FunctionName: fn }));
  },

  "TestLambdaAlias::test_notfound_and_invalid_routingconfigs": async (s) => {
    const fn = s.name("alias-fn");
    s.record("create_response", await createAws(s, fn, { Publish: true, Environment: { Variables: { testenv: "staging" } } }));
    s.record("publish_v1", await s.call("PublishVersion", { FunctionName: fn }));
    await s.call("UpdateFunctionConfiguration", { FunctionName: fn, Environment: { Variables: { testenv: "prod" } } });
    s.record("publish_v2", await s.call("PublishVersion", { FunctionName: fn }));
    const alias = (extra: Record<string, unknown>) => s.call("CreateAlias", { FunctionName: fn, Name: "custom", FunctionVersion: "1", ...extra });
    const weights = (w: Record<string, number>) => ({ RoutingConfig: { AdditionalVersionWeights: w } });
    s.record("routing_config_exc_toomany", await alias(weights({ "1": 0.8, "2": 0.2 })));
    s.record("routing_config_exc_toohigh", await alias(weights({ "2": 2 })));
    s.record("routing_config_exc_subzero", await alias(weights({ "2": -1 })));
    s.record("routing_config_exc_sameversion", await alias(weights({ "1": 0.5 })));
    s.record("target_version_doesnotexist", await alias({ FunctionVersion: "10", ...weights({ "2": 0.5 }) }));
    s.record("routing_config_exc_version_doesnotexist", await alias(weights({ "10": 0.5 })));
    s.record("target_version_exc_version_latest", await alias({ FunctionVersion: "$LATEST", ...weights({ "1": 0.5 }) }));
    s.record("routing_config_exc_version_latest", await alias(weights({ $LATEST: 0.5 })));
    s.record("create-alias-latest", await s.call("CreateAlias", { FunctionName: fn, Name: "custom-latest", FunctionVersion: "$LATEST" }));
    s.record("routing_config_exc_fn_doesnotexist", await s.call("CreateAlias", { FunctionName: `${fn}-unknown`, Name: "custom", FunctionVersion: "1", ...weights({ "2": 0.5 }) }));
    s.record("create_alias_empty_routingconfig", await s.call("CreateAlias", { FunctionName: fn, Name: "custom-empty-routingconfig", FunctionVersion: "1", ...weights({}) }));
    s.record("create_alias_response", await alias(weights({ "2": 0.5 })));
    s.record("routing_config_exc_already_exist", await alias(weights({ "2": 0.5 })));
    s.record("alias_does_not_exist_esc", await s.call("GetAlias", { FunctionName: fn, Name: "non-existent" }));
  },

  "TestLambdaAlias::test_alias_naming": async (s) => {
    const fn = s.name("alias-fn");
    s.record("create_response", await createAws(s, fn, { Environment: { Variables: { testenv: "staging" } } }));
    s.record("publish_v1", await s.call("PublishVersion", { FunctionName: fn }));
    s.record("create_alias_date", await s.call("CreateAlias", { FunctionName: fn, Name: "2024-01-02", FunctionVersion: "1", Description: "custom-alias" }));
    s.record("get_alias_date", await s.call("GetAlias", { FunctionName: fn, Name: "2024-01-02" }));
    s.record("create_alias_number_exception", await s.call("CreateAlias", { FunctionName: fn, Name: "2024", FunctionVersion: "1", Description: "custom-alias" }));
  },

  "TestLambdaAlias::test_non_existent_alias_deletion": async (s) => {
    const fn = s.name("alias-fn");
    s.record("create_response", await createAws(s, fn, { Environment: { Variables: { testenv: "staging" } } }));
    s.record("delete_alias_response", await s.call("DeleteAlias", { FunctionName: fn, Name: "non-existent" }));
  },

  "TestLambdaAlias::test_non_existent_alias_update": async (s) => {
    const fn = s.name("alias-fn");
    s.record("create_response", await createAws(s, fn, { Environment: { Variables: { testenv: "staging" } } }));
    s.record("update_alias_response", await s.call("UpdateAlias", { FunctionName: fn, Name: "non-existent", Description: "update" }));
  },

  "TestLambdaRevisions::test_function_revisions_basic": async (s) => {
    const fn = s.name();
    const zip = await s.zip("revisions");
    s.record("create_function_response_rev1", await s.fixture(fn, { Code: { ZipFile: zip }, Handler: "index.handler", Runtime: "python3.12" }));
    const rev2 = await s.call("GetFunction", { FunctionName: fn });
    s.record("get_function_response_rev2", rev2);
    s.record("update_function_revision_exception", await s.call("UpdateFunctionCode", { FunctionName: fn, ZipFile: zip, RevisionId: "wrong" }));
    s.record("update_function_code_response_rev3", await s.call("UpdateFunctionCode", { FunctionName: fn, ZipFile: zip, RevisionId: rev(rev2) }));
    const rev4 = await s.call("GetFunction", { FunctionName: fn });
    s.record("get_function_response_rev4", rev4);
    s.record("update_function_configuration_revision_exception", await s.call("UpdateFunctionConfiguration", { FunctionName: fn, Runtime: "python3.8", RevisionId: "wrong" }));
    s.record("update_function_configuration_response_rev5", await s.call("UpdateFunctionConfiguration", { FunctionName: fn, Runtime: "python3.8", RevisionId: rev(rev4) }));
    s.record("get_function_response_rev6", await s.call("GetFunction", { FunctionName: fn }));
  },

  "TestLambdaRevisions::test_function_revisions_version_and_alias": async (s) => {
    const fn = s.name();
    s.record("create_function_response_rev1", await s.fixture(fn));
    const rev2 = await s.call("GetFunction", { FunctionName: fn });
    s.record("get_function_active_rev2", rev2);
    s.record("publish_version_revision_exception", await s.call("PublishVersion", { FunctionName: fn, RevisionId: "wrong" }));
    const v1 = await s.call("PublishVersion", { FunctionName: fn, RevisionId: rev(rev2) });
    s.record("publish_version_response_rev_v1", v1);
    s.record("get_function_published_version_rev_v2", await s.call("GetFunction", { FunctionName: fn, Qualifier: v1.Version }));
    s.record("get_function_latest_rev3", await s.call("GetFunction", { FunctionName: fn }));
    const a1 = await s.call("CreateAlias", { FunctionName: fn, Name: "revision_alias", FunctionVersion: v1.Version });
    s.record("create_alias_response_rev_a1", a1);
    s.record("get_function_latest_rev4", await s.call("GetFunction", { FunctionName: fn }));
    s.record("get_function_published_version_rev_v3", await s.call("GetFunction", { FunctionName: fn, Qualifier: v1.Version }));
    s.record("update_alias_revision_exception", await s.call("UpdateAlias", { FunctionName: fn, Name: "revision_alias", RevisionId: "wrong" }));
    s.record("update_alias_response_rev_a2", await s.call("UpdateAlias", { FunctionName: fn, Name: "revision_alias", Description: "something changed", RevisionId: a1.RevisionId }));
  },

  "TestLambdaRevisions::test_function_revisions_permissions": async (s) => {
    const fn = s.name();
    await s.fixture(fn);
    s.record(
      "add_permission_revision_exception",
      await s.call("AddPermission", { FunctionName: fn, StatementId: "s3", Action: "lambda:InvokeFunction", Principal: "s3.amazonaws.com", RevisionId: "wrong" }),
    );
  },
};
