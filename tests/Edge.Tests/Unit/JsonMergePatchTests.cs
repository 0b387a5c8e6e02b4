using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.Grains.State;

namespace Realtime.Edge.Tests.Unit;

/// <summary>JSON Merge Patch as keyed state applies it: the examples of RFC 7386, and what a key's first patch and bad input do.</summary>
public sealed class JsonMergePatchTests
{
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"a":"foo"}""", "null", "null")]
    [InlineData("""{"a":"foo"}""", "\"bar\"", "\"bar\"")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void AppendixA_Examples(string target, string patch, string expected) =>
        AssertJson(expected, JsonMergePatch.Apply(target, patch));

    [Fact]
    public void Section3_Example_ChangesRemovesAndAddsMembers_AndKeepsTheRest()
    {
        const string target = """
            {"title":"Goodbye!","author":{"givenName":"John","familyName":"Doe"},"tags":["example","sample"],"content":"This will be unchanged"}
            """;
        const string patch = """
            {"title":"Hello!","phoneNumber":"+01-123-456-7890","author":{"familyName":null},"tags":["example"]}
            """;
        AssertJson(
            """{"title":"Hello!","author":{"givenName":"John"},"tags":["example"],"content":"This will be unchanged","phoneNumber":"+01-123-456-7890"}""",
            JsonMergePatch.Apply(target, patch));
    }

    [Fact]
    public void KeyWithoutValue_IsPatchedFromNothing_WithoutTheNullMembers()
    {
        AssertJson("""{"a":{"c":1}}""", JsonMergePatch.Apply(null, """{"a":{"b":null,"c":1}}"""));
        AssertJson("7", JsonMergePatch.Apply(null, "7"));
    }

    [Fact]
    public void Result_IsCompact_AndKeepsNonAsciiText()
    {
        Assert.Equal("""{"name":"Zoë","n":1}""", JsonMergePatch.Apply("""{ "name" : "Zoe" }""", """{"name":"Zoë","n":1}"""));
    }

    [Fact]
    public void MembersKeepTheirOrder_WhenPatchedInPlace()
    {
        Assert.Equal("""{"a":1,"b":{"x":2,"y":3},"c":4}""", JsonMergePatch.Apply("""{"a":1,"b":{"x":1,"y":3},"c":4}""", """{"b":{"x":2}}"""));
    }

    [Theory]
    [InlineData("""{"a":1""")]
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("nope")]
    public void PatchThatIsNotJson_OrHasDuplicateMembers_IsRefused(string patch) =>
        Assert.ThrowsAny<JsonException>(() => JsonMergePatch.Apply("""{"a":0}""", patch));

    private static void AssertJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected}, got {actual}");
}
