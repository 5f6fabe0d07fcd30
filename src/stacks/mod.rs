//! CloudFormation stacks as the original's cloudformation client handled them: create,
//! update (keeping the previous template) and delete a stack, read its parameters and
//! resources, and wait for an operation to finish ([`wait`]) with the original's log lines.
//! Plain values in (a client, a stack name, parameters); nothing here knows about flags or
//! about which command runs. Used by `up`/`down`/`scale` and the service-discovery stacks.

pub mod wait;

use aws_sdk_cloudformation::types::{Parameter, StackResource};
use aws_sdk_cloudformation::Client;

use crate::aws::cloudformation::{self as cfn_api, CreateInput, UpdateInput};
pub use crate::aws::cloudformation::{AwsError, Param};
use crate::logging::{log, LogLevel};

pub use wait::{wait_until_complete, Operation};

/// A stack to create.
#[derive(Debug, Clone, Default)]
pub struct NewStack<'a> {
    pub name: &'a str,
    pub template: &'a str,
    pub parameters: &'a [Param],
    /// Stack-level tags, in order.
    pub tags: &'a [(String, String)],
    /// Acknowledge IAM resources (`CAPABILITY_IAM`).
    pub capability_iam: bool,
}

/// Whether the stack can be described; any error counts as "no stack", as in the original.
pub async fn exists(cfn: &Client, name: &str) -> bool {
    matches!(cfn_api::describe_stack(cfn, name).await, Ok(Some(_)))
}

/// CreateStack; returns the stack id. Does not wait (see [`wait_until_complete`]).
pub async fn create(cfn: &Client, stack: &NewStack<'_>) -> Result<String, AwsError> {
    let id = cfn_api::create_stack(
        cfn,
        &CreateInput {
            stack_name: stack.name,
            template_body: stack.template,
            parameters: stack.parameters,
            tags: stack.tags,
            capability_iam: stack.capability_iam,
        },
    )
    .await?;
    log(
        LogLevel::Debug,
        "Cloudformation create stack call succeeded",
        &[("stackId", id.clone())],
    );
    Ok(id)
}

/// UpdateStack with new parameter values; `template` None keeps the previous template.
/// Returns the stack id. Does not wait.
pub async fn update(
    cfn: &Client,
    name: &str,
    template: Option<&str>,
    parameters: &[Param],
    capability_iam: bool,
) -> Result<String, AwsError> {
    let id = cfn_api::update_stack(
        cfn,
        &UpdateInput {
            stack_name: name,
            template_body: template,
            parameters,
            capability_iam,
        },
    )
    .await?;
    log(
        LogLevel::Debug,
        "Cloudformation update stack call succeeded",
        &[("stackId", id.clone())],
    );
    Ok(id)
}

/// DeleteStack. Does not wait.
pub async fn delete(cfn: &Client, name: &str) -> Result<(), AwsError> {
    cfn_api::delete_stack(cfn, name).await
}

/// The stack's current parameters (DescribeStacks).
pub async fn parameters(cfn: &Client, name: &str) -> anyhow::Result<Vec<Parameter>> {
    match cfn_api::describe_stack(cfn, name).await? {
        Some(stack) => Ok(stack.parameters().to_vec()),
        None => anyhow::bail!("Could not describe stack '{name}'"),
    }
}

/// Parameters for an update that changes only `changes`: every other existing parameter is
/// sent with "use previous value", in the stack's order; the changed ones follow in the
/// order given (or replace the existing entry's value in place).
pub fn keep_all_but(existing: &[Parameter], changes: &[(&str, String)]) -> Vec<Param> {
    let mut out: Vec<Param> = existing
        .iter()
        .filter_map(|p| p.parameter_key())
        .map(|k| match changes.iter().find(|(c, _)| *c == k) {
            Some((_, v)) => Param::value(k, v.clone()),
            None => Param::use_previous(k),
        })
        .collect();
    for (k, v) in changes {
        if !out.iter().any(|p| p.key == *k) {
            out.push(Param::value(*k, v.clone()));
        }
    }
    out
}

/// One resource of the stack by its logical id (DescribeStackResources), if it exists.
pub async fn resource(
    cfn: &Client,
    name: &str,
    logical_id: &str,
) -> Result<Option<StackResource>, AwsError> {
    cfn_api::stack_resource(cfn, name, logical_id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(k: &str, v: &str) -> Parameter {
        Parameter::builder()
            .parameter_key(k)
            .parameter_value(v)
            .build()
    }

    #[test]
    fn an_update_keeps_every_parameter_but_the_changed_ones() {
        let existing = [
            p("EcsCluster", "c1"),
            p("AsgMaxSize", "1"),
            p("KeyName", "k"),
        ];
        let got = keep_all_but(&existing, &[("AsgMaxSize", "3".into())]);
        assert_eq!(
            got,
            vec![
                Param::use_previous("EcsCluster"),
                Param::value("AsgMaxSize", "3"),
                Param::use_previous("KeyName"),
            ]
        );
    }

    #[test]
    fn a_change_the_stack_does_not_have_is_added() {
        let got = keep_all_but(&[p("A", "1")], &[("B", "2".into())]);
        assert_eq!(got, vec![Param::use_previous("A"), Param::value("B", "2")]);
    }
}
