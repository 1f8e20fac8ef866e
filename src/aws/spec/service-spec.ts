// A parsed service model with the look-ups every protocol needs. Immutable once built.
import type { OperationModel, ProtocolName, ServiceModel, Shape, ShapeRef, StructureShape } from "./model.js";

const SPOKEN = new Set<string>(["json", "rest-json", "query", "rest-xml"]);

export class ServiceSpec {
  readonly operations: ReadonlyMap<string, OperationModel>;
  /** Error shapes by the code the query protocol uses (`error.code`, else the shape name). */
  private readonly errorsByCode = new Map<string, string>();

  constructor(
    /** The Nimbus service key: the folder name under models/, e.g. "sqs", "cognito-idp". */
    readonly name: string,
    readonly model: ServiceModel,
  ) {
    this.operations = new Map(Object.entries(model.operations));
    for (const [shapeName, shape] of Object.entries(model.shapes)) {
      if (shape.type === "structure" && shape.exception) this.errorsByCode.set(shape.error?.code ?? shapeName, shapeName);
    }
  }

  get metadata() {
    return this.model.metadata;
  }

  /** The name clients put in the SigV4 credential scope. */
  get signingName(): string {
    return this.model.metadata.signingName ?? this.model.metadata.endpointPrefix;
  }

  /**
   * Every protocol the service answers, the model's preferred one first. Protocols Nimbus
   * does not speak (smithy-rpc-v2-cbor, which CloudWatch now prefers) are left out; the
   * older query protocol is added for awsQueryCompatible JSON services (SQS).
   */
  get protocols(): ProtocolName[] {
    const declared = (this.model.metadata.protocols ?? [this.model.metadata.protocol]) as string[];
    const list = declared.filter((p): p is ProtocolName => SPOKEN.has(p));
    if (this.model.metadata.awsQueryCompatible && !list.includes("query")) list.push("query");
    return list;
  }

  operation(name: string): OperationModel | undefined {
    return this.operations.get(name);
  }

  shape(name: string): Shape {
    const shape = this.model.shapes[name];
    if (!shape) throw new Error(`${this.name}: shape ${name} is not in the model`);
    return shape;
  }

  /** The shape a member or operation reference points at. */
  resolve(ref: ShapeRef): Shape {
    return this.shape(ref.shape);
  }

  inputShape(op: OperationModel): StructureShape | undefined {
    return op.input ? (this.shape(op.input.shape) as StructureShape) : undefined;
  }

  outputShape(op: OperationModel): StructureShape | undefined {
    return op.output ? (this.shape(op.output.shape) as StructureShape) : undefined;
  }

  /** The modelled error shape for an error code, if the model has one. */
  errorShape(code: string): StructureShape | undefined {
    const name = this.errorShapeName(code);
    return name ? (this.model.shapes[name] as StructureShape) : undefined;
  }

  /** The name of the error shape for a code: the shape name itself or its query `error.code`. */
  errorShapeName(code: string): string | undefined {
    const direct = this.model.shapes[code];
    if (direct?.type === "structure" && direct.exception) return code;
    return this.errorsByCode.get(code);
  }
}
