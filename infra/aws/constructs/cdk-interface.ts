/**
 * A CDK class as the interface it implements. aws-cdk-lib types some members of its classes `T | undefined`
 * where the interface says `member?: T`, so under exactOptionalPropertyTypes a `Bucket` is not an `IBucket`
 * (aws/aws-cdk#37996). Every member must still match up to that `undefined`; delete this once the library
 * is fixed.
 */
export const asCdkInterface = <I>(construct: { [K in keyof I]: I[K] | undefined }): I => construct as I;
