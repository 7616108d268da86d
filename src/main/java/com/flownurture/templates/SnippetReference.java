package com.flownurture.templates;

/** A {@code {% render 'name' %}} in a template, where it stands (line and column from 1). */
public record SnippetReference(String name, int line, int column) {
}
