import { ArnFormat, CfnOutput, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { ConfigurationSet, EmailIdentity, Identity, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { KoeFunction } from './koe-function.js';

/** Who the digests come from: an address, and optionally the domain to verify instead of the address. */
export interface ReportsProps {
  /** Sender address (context `koe:senderEmail`); without it nothing is sent and each digest records why. */
  senderEmail?: string | undefined;
  /** Verify this domain (DKIM records in the outputs) rather than the single address (context `koe:senderDomain`). */
  senderDomain?: string | undefined;
}

/**
 * E-mail digests on SES v2: the sending identity (an address, or a domain with Easy DKIM), a configuration
 * set (reputation metrics, account suppression of bounces and complaints), and the one grant that lets a
 * function send as that identity through that configuration set.
 */
export class Reports extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly identity?: EmailIdentity;
  readonly senderEmail?: string | undefined;

  constructor(scope: Construct, id: string, props: ReportsProps) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.senderEmail = props.senderEmail;
    if (!props.senderEmail) return;
    const domain = props.senderDomain;
    if (domain && !props.senderEmail.toLowerCase().endsWith(`@${domain.toLowerCase()}`)) {
      throw new Error(`koe:senderEmail ${props.senderEmail} is not an address of koe:senderDomain ${domain}`);
    }
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: domain ? Identity.domain(domain) : Identity.email(props.senderEmail),
      configurationSet: this.configurationSet,
    });
    if (domain) {
      // The three CNAMEs that verify the domain (Easy DKIM); add them to its DNS zone.
      for (const n of [1, 2, 3] as const) {
        new CfnOutput(this, `DkimRecord${n}`, {
          description: `DKIM CNAME ${n} for ${domain}`,
          value: `${this.identity[`dkimDnsTokenName${n}`]} CNAME ${this.identity[`dkimDnsTokenValue${n}`]}`,
        });
      }
    }
  }

  /**
   * Lets `fn` send digests: ses:SendEmail/SendRawEmail on the identity and the configuration set only,
   * and sets KOE_MAIL_FROM and SES_CONFIGURATION_SET. Without a sender only the configuration set is named.
   */
  bindSender(fn: KoeFunction): void {
    fn.addEnvironment('SES_CONFIGURATION_SET', this.configurationSet.configurationSetName);
    if (!this.identity || !this.senderEmail) return;
    fn.addEnvironment('KOE_MAIL_FROM', this.senderEmail);
    const configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [this.identity.emailIdentityArn, configurationSetArn],
      }),
    );
  }
}
