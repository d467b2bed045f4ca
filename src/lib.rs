//! Cliffhanger: a self-hosted fan community for TV series.
pub mod auth;
pub mod catalog;
pub mod chat;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod forum;
pub mod loadtest;
pub mod moderation;
pub mod search;
pub mod spoilers;
pub mod startup;
pub mod telemetry;
pub mod time_util;
pub mod web;
