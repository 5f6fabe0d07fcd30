//! Thin CloudFormation calls: one function per request the stack commands make, each
//! returning plain values and an [`AwsError`] that keeps the service's error code (the
//! waits tell "stack does not exist" apart from other failures by it).

use aws_sdk_cloudformation::types::{Capability, Parameter, Stack, StackEvent, StackResource, Tag};
use aws_sdk_cloudformation::Client;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

/// An AWS error: its code and message when the service answered, and the text the original
/// printed for it (`Code: message`).
#[derive(Debug, Clone)]
pub struct AwsError {
    pub code: Option<String>,
    pub message: Option<String>,
    pub text: String,
}

impl AwsError {
    /// CloudFormation's answer for a stack that is not there (or no longer there).
    pub fn is_missing_stack(&self) -> bool {
        self.code.as_deref() == Some("ValidationError")
            && self
                .message
                .as_deref()
                .unwrap_or("")
                .contains("does not exist")
    }
}

impl std::fmt::Display for AwsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for AwsError {}

fn aws_error<E, R>(err: aws_smithy_runtime_api::client::result::SdkError<E, R>) -> AwsError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    AwsError {
        code: err.code().map(str::to_string),
        message: err.message().map(str::to_string),
        text: super::error_text(&err),
    }
}

/// A stack parameter as sent: a value, or "keep the previous value".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue {
    Value(String),
    UsePrevious,
}

/// One `{ParameterKey, ParameterValue | UsePreviousValue}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub key: String,
    pub value: ParamValue,
}

impl Param {
    pub fn value(key: impl Into<String>, value: impl Into<String>) -> Self {
        Param {
            key: key.into(),
            value: ParamValue::Value(value.into()),
        }
    }

    pub fn use_previous(key: impl Into<String>) -> Self {
        Param {
            key: key.into(),
            value: ParamValue::UsePrevious,
        }
    }

    fn to_sdk(&self) -> Parameter {
        let b = Parameter::builder().parameter_key(&self.key);
        match &self.value {
            ParamValue::Value(v) => b.parameter_value(v).build(),
            ParamValue::UsePrevious => b.use_previous_value(true).build(),
        }
    }
}

/// What CreateStack sends.
#[derive(Debug, Clone, Default)]
pub struct CreateInput<'a> {
    pub stack_name: &'a str,
    pub template_body: &'a str,
    pub parameters: &'a [Param],
    /// Stack-level tags (`Tags`), in order; none sends no `Tags`.
    pub tags: &'a [(String, String)],
    /// Adds `Capabilities: [CAPABILITY_IAM]`.
    pub capability_iam: bool,
}

/// CreateStack; returns the stack id.
pub async fn create_stack(cfn: &Client, input: &CreateInput<'_>) -> Result<String, AwsError> {
    let mut req = cfn
        .create_stack()
        .stack_name(input.stack_name)
        .template_body(input.template_body)
        .set_parameters(Some(input.parameters.iter().map(Param::to_sdk).collect()));
    if input.capability_iam {
        req = req.capabilities(Capability::CapabilityIam);
    }
    for (k, v) in input.tags {
        req = req.tags(Tag::builder().key(k).value(v).build());
    }
    let out = req.send().await.map_err(aws_error)?;
    Ok(out.stack_id().unwrap_or_default().to_string())
}

/// What UpdateStack sends. Without a template body the previous template is kept
/// (`UsePreviousTemplate=true`).
#[derive(Debug, Clone, Default)]
pub struct UpdateInput<'a> {
    pub stack_name: &'a str,
    pub template_body: Option<&'a str>,
    pub parameters: &'a [Param],
    pub capability_iam: bool,
}

/// UpdateStack; returns the stack id.
pub async fn update_stack(cfn: &Client, input: &UpdateInput<'_>) -> Result<String, AwsError> {
    let mut req = cfn
        .update_stack()
        .stack_name(input.stack_name)
        .set_parameters(Some(input.parameters.iter().map(Param::to_sdk).collect()));
    req = match input.template_body {
        Some(body) => req.template_body(body),
        None => req.use_previous_template(true),
    };
    if input.capability_iam {
        req = req.capabilities(Capability::CapabilityIam);
    }
    let out = req.send().await.map_err(aws_error)?;
    Ok(out.stack_id().unwrap_or_default().to_string())
}

/// DeleteStack.
pub async fn delete_stack(cfn: &Client, stack_name: &str) -> Result<(), AwsError> {
    cfn.delete_stack()
        .stack_name(stack_name)
        .send()
        .await
        .map_err(aws_error)?;
    Ok(())
}

/// DescribeStacks for one stack; `Ok(None)` when the answer lists no stack.
pub async fn describe_stack(cfn: &Client, stack_name: &str) -> Result<Option<Stack>, AwsError> {
    let out = cfn
        .describe_stacks()
        .stack_name(stack_name)
        .send()
        .await
        .map_err(aws_error)?;
    Ok(out.stacks().first().cloned())
}

/// One page of DescribeStackEvents (newest first) and the token of the next page.
pub async fn stack_events_page(
    cfn: &Client,
    stack_name: &str,
    next_token: Option<String>,
) -> Result<(Vec<StackEvent>, Option<String>), AwsError> {
    let out = cfn
        .describe_stack_events()
        .stack_name(stack_name)
        .set_next_token(next_token)
        .send()
        .await
        .map_err(aws_error)?;
    Ok((
        out.stack_events().to_vec(),
        out.next_token().map(str::to_string),
    ))
}

/// DescribeStackResources for one logical id: the first resource, if any.
pub async fn stack_resource(
    cfn: &Client,
    stack_name: &str,
    logical_id: &str,
) -> Result<Option<StackResource>, AwsError> {
    let out = cfn
        .describe_stack_resources()
        .stack_name(stack_name)
        .logical_resource_id(logical_id)
        .send()
        .await
        .map_err(aws_error)?;
    Ok(out.stack_resources().first().cloned())
}
