locals {
  domain = "example.com"
  arns   = [for d in [local.domain] : "arn:aws:ses:us-east-1:123456789012:identity/${d}"]
}
resource "aws_ses_domain_identity" "d" { domain = local.domain }
resource "aws_iam_user" "smtp" {
  name = "smtp-${var.env}"
  count = var.enabled ? 1 : 0
}
data "aws_iam_policy_document" "send" {
  statement {
    sid       = "Send"
    actions   = ["ses:SendRawEmail", "ses:SendEmail"]
    resources = local.arns
    condition {
      test     = "StringEquals"
      variable = "ses:FromAddress"
      values   = ["noreply@${local.domain}"]
    }
  }
}
resource "aws_iam_user_policy" "p" {
  user   = aws_iam_user.smtp[0].name
  policy = data.aws_iam_policy_document.send.json
}
output "pw" { value = aws_iam_access_key.k.ses_smtp_password_v4 }
